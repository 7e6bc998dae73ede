import {
  KeyringError,
  decodeKeyring,
  encodeKeyring,
  generateKeyring,
  keyringToJson,
  parseKeyring,
  retireDataKey,
  rotateDataKey,
  rotateIndexKey,
} from './keyring';

const b64 = (n: number, fill: number) => Buffer.alloc(n, fill).toString('base64');
const valid = () => ({
  current: 1,
  keys: { '1': { encKey: b64(16, 1), macKey: b64(32, 2) } },
  index: { current: 1, keys: { '1': b64(32, 3) } },
});

describe('keyring', () => {
  it('round-trips through the base64 configuration form', () => {
    const ring = rotateIndexKey(rotateDataKey(generateKeyring()));
    const back = decodeKeyring(encodeKeyring(ring));
    expect(keyringToJson(back)).toEqual(keyringToJson(ring));
    expect(back.current).toBe(2);
    expect(back.index.current).toBe(2);
  });

  it.each<[string, (j: any) => void, RegExp]>([
    ['current without a key', (j) => (j.current = 2), /keyring.current/],
    ['a non-integer version', (j) => (j.keys = { x: j.keys['1'] }), /keyring.keys.x/],
    ['a short SM4 key', (j) => (j.keys['1'].encKey = b64(8, 1)), /encKey/],
    ['a short MAC key', (j) => (j.keys['1'].macKey = b64(16, 2)), /macKey/],
    ['an index key of the wrong length', (j) => (j.index.keys['1'] = b64(16, 3)), /index.keys.1/],
    ['no current index key', (j) => (j.index.current = 3), /index.current/],
    ['a key reused for two purposes', (j) => (j.index.keys['1'] = j.keys['1'].macKey), /used twice/],
    ['a missing index section', (j) => delete j.index, /keyring.index/],
  ])('rejects %s', (_why, mutate, message) => {
    const json = valid();
    mutate(json);
    expect(() => parseKeyring(json)).toThrow(KeyringError);
    expect(() => parseKeyring(json)).toThrow(message);
  });

  it('accepts the valid form', () => {
    expect(parseKeyring(valid()).keys.get(1)?.encKey).toHaveLength(16);
  });

  it('rejects text that is not base64 JSON, without echoing it', () => {
    expect(() => decodeKeyring('not-a-keyring')).toThrow('not base64-encoded JSON');
  });

  it('refuses to retire the current version', () => {
    expect(() => retireDataKey(generateKeyring(), 1)).toThrow(KeyringError);
  });
});
