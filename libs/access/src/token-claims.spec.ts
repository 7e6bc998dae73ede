import { DomainError } from '@care/errors';
import { actorFromClaims, claimsOfActor } from './token-claims';

const good = {
  sub: 'mz-officer',
  token_use: 'access',
  kind: 'user',
  role: 'civil-affairs-officer',
  dept: 'DEPARTMENT_CIVIL_AFFAIRS',
  counties: ['371702', '371721', '371702'],
};

function refusal(payload: Record<string, unknown>): DomainError {
  try {
    actorFromClaims(payload);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('access token claims → Actor', () => {
  it('gives the same Actor the header stand-in gives (counties de-duplicated, no optional keys)', () => {
    expect(actorFromClaims(good)).toEqual({
      userId: 'mz-officer',
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: ['371702', '371721'],
    });
  });

  it('carries duties and townships when present, and round-trips claimsOfActor', () => {
    const actor = {
      userId: 'u1',
      role: 'child-director' as const,
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: ['371702'],
      townshipCodes: ['371702001'],
      duties: ['mental-health' as const],
    };
    expect(actorFromClaims({ ...claimsOfActor(actor, 'user') })).toEqual(actor);
    expect(claimsOfActor({ ...actor, townshipCodes: [], duties: [] }, 'service')).toEqual({
      sub: 'u1',
      token_use: 'access',
      kind: 'service',
      role: 'child-director',
      dept: 'DEPARTMENT_CIVIL_AFFAIRS',
      counties: ['371702'],
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a challenge is not an access token', { ...good, token_use: 'sign-in-challenge' }, /声明 token_use/],
    ['no subject', { ...good, sub: undefined }, /声明 sub/],
    ['a subject with spaces', { ...good, sub: 'a b' }, /声明 sub/],
    [
      'an administrator role (三员) opens no business service',
      { ...good, role: 'system-admin' },
      /声明 role .*管理员令牌/,
    ],
    ['no department', { ...good, dept: undefined }, /声明 dept/],
    ['counties as a comma string', { ...good, counties: '371702' }, /声明 counties/],
    ['no county', { ...good, counties: [] }, /声明 counties/],
    ['a city prefix is not a county', { ...good, counties: ['3717'] }, /声明 counties/],
    ['an unknown duty', { ...good, duties: ['superuser'] }, /声明 duties/],
    ['a township of 6 digits', { ...good, townships: ['371702'] }, /声明 townships/],
    [
      'a township outside the counties',
      { ...good, townships: ['371723001'] },
      /声明 townships 中的乡镇须属于/,
    ],
  ])('refuses %s as unauthenticated, naming the claim', (_why, payload, message) => {
    const error = refusal(payload);
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toMatch(message);
  });
});
