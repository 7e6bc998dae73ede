import { DomainError } from '@care/errors';
import type { Actor } from './actor';
import { actorCoversCounty, assertCountyInScope, countiesInScope } from './scope';

const actor: Actor = {
  userId: 'u-001',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: ['371702', '371703'],
};

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('county coverage', () => {
  it('covers exactly its own codes: no prefix, no city wildcard', () => {
    expect(actorCoversCounty(actor, '371702')).toBe(true);
    expect(actorCoversCounty(actor, '371721')).toBe(false);
    expect(actorCoversCounty(actor, '3717')).toBe(false);
    expect(actorCoversCounty(actor, '371700')).toBe(false);
    expect(actorCoversCounty({ ...actor, countyCodes: ['371700'] }, '371702')).toBe(false);
  });

  it('refuses a county outside the scope as permission-denied, naming it', () => {
    const error = refusal(() => assertCountyInScope(actor, '371721'));
    expect(error.code).toBe('permission-denied');
    expect(error.message).toBe('无权访问区县 371721 的数据：不在本人负责的区县范围内');
    expect(error.details).toEqual({ countyCode: '371721' });
    expect(() => assertCountyInScope(actor, '371703')).not.toThrow();
  });

  it('reads the requested county when it is covered, else every county of the actor', () => {
    expect(countiesInScope(actor, '371703')).toEqual(['371703']);
    expect(countiesInScope(actor)).toEqual(['371702', '371703']);
    expect(countiesInScope(actor, '')).toEqual(['371702', '371703']);
    expect(refusal(() => countiesInScope(actor, '371721')).message).toContain('371721');
  });
});
