import { isDuplicateKey, isRejectedStaleWrite } from './duplicate-key';

describe('write refusals', () => {
  it('knows the duplicate-key error by its code', () => {
    expect(isDuplicateKey({ code: 11000, message: 'E11000 duplicate key' })).toBe(true);
    expect(isDuplicateKey({ code: 11001 })).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });

  it('knows the FerretDB guard’s refusals of a stale or concurrent write, and nothing else', () => {
    expect(
      isRejectedStaleWrite(new Error('care: stale write of "371700:c-1" rejected (version 4 over 5)')),
    ).toBe(true);
    expect(
      isRejectedStaleWrite(new Error('care: concurrent write of c-1 rejected (rev 3, outbox entries lost)')),
    ).toBe(true);
    expect(isRejectedStaleWrite(new Error('E11000 duplicate key error'))).toBe(false);
    expect(isRejectedStaleWrite({ message: 42 })).toBe(false);
    expect(isRejectedStaleWrite(undefined)).toBe(false);
  });
});
