import type { Actor } from '@care/access';
import { DomainError } from '@care/errors';
import { canHandleMentalHealth, requireMentalHealthDuty } from './mental-health-access';

const base: Actor = {
  userId: 'u1',
  role: 'department-officer',
  department: 'DEPARTMENT_HEALTH',
  countyCodes: ['371702'],
  duties: ['mental-health'],
};

describe('mental-health access', () => {
  it('admits only a health officer holding the mental-health duty', () => {
    expect(canHandleMentalHealth(base)).toBe(true);
  });

  it.each<[string, Actor]>([
    ['a health officer without the duty', { ...base, duties: undefined }],
    ['a medical-insurance officer with the duty', { ...base, department: 'DEPARTMENT_MEDICAL_INSURANCE' }],
    ['a civil-affairs officer with the duty', { ...base, role: 'civil-affairs-officer' }],
    ['the auditor', { ...base, role: 'auditor' }],
    ['a child director', { ...base, role: 'child-director' }],
  ])('refuses %s in Chinese', (_why, actor) => {
    expect(canHandleMentalHealth(actor)).toBe(false);
    try {
      requireMentalHealthDuty(actor);
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('permission-denied');
      expect((error as DomainError).message).toContain('心理健康');
    }
  });
});
