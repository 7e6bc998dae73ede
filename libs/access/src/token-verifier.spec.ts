import { bearerToken } from './token-verifier';

describe('bearerToken', () => {
  it('reads a compact JWS after Bearer, and nothing when the header is absent', () => {
    expect(bearerToken('Bearer aa.bb.cc')).toBe('aa.bb.cc');
    expect(bearerToken(['Bearer aa.bb.cc'])).toBe('aa.bb.cc');
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer not-a-jwt'], ['bearer aa.bb.cc extra']])(
    'refuses %p as unauthenticated naming the header',
    (value) => {
      expect(() => bearerToken(value)).toThrow(
        expect.objectContaining({
          code: 'unauthenticated',
          message: expect.stringContaining('authorization'),
        }),
      );
    },
  );

  it('refuses a repeated header', () => {
    expect(() => bearerToken(['Bearer aa.bb.cc', 'Bearer dd.ee.ff'])).toThrow(/只能出现一次/);
  });
});
