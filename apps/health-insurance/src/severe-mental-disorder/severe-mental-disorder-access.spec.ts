import type { Actor } from '@care/access';
import { DomainError } from '@care/errors';
import { canHandleMentalHealth } from '../mental-health/mental-health-access';
import {
  canManageSevereMentalDisorder,
  requireSevereMentalDisorderDuty,
} from './severe-mental-disorder-access';

const base: Actor = {
  userId: 'u1',
  role: 'department-officer',
  department: 'DEPARTMENT_HEALTH',
  countyCodes: ['371702'],
  duties: ['severe-mental-disorder'],
};

describe('severe-mental-disorder access', () => {
  it('admits only a health officer holding the severe-mental-disorder duty', () => {
    expect(canManageSevereMentalDisorder(base)).toBe(true);
    expect(
      canManageSevereMentalDisorder({ ...base, duties: ['mental-health', 'severe-mental-disorder'] }),
    ).toBe(true);
  });

  it('is a duty distinct from the mental-health referral duty, both ways', () => {
    expect(canManageSevereMentalDisorder({ ...base, duties: ['mental-health'] })).toBe(false);
    expect(canHandleMentalHealth(base)).toBe(false);
  });

  it.each<[string, Actor]>([
    ['a health officer without any duty', { ...base, duties: undefined }],
    ['a health officer with the mental-health duty only', { ...base, duties: ['mental-health'] }],
    ['a medical-insurance officer with the duty', { ...base, department: 'DEPARTMENT_MEDICAL_INSURANCE' }],
    ['a civil-affairs officer with the duty', { ...base, role: 'civil-affairs-officer' }],
    ['the auditor', { ...base, role: 'auditor' }],
    ['a child director', { ...base, role: 'child-director' }],
  ])('refuses %s in Chinese', (_why, actor) => {
    expect(canManageSevereMentalDisorder(actor)).toBe(false);
    try {
      requireSevereMentalDisorderDuty(actor);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('permission-denied');
      expect((error as DomainError).message).toContain('严重精神障碍管理专干');
    }
  });
});
