import { canonicalJson } from './canonical-json';

// The text a signature covers: the signer and the verifier must produce the same bytes for the
// same value, whatever order its keys were built in, and nothing may be signed as something else.

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['an integer', 42, '42'],
    ['a negative fraction', -1.5, '-1.5'],
    ['negative zero, as JSON writes it', -0, '0'],
    ['a large number in exponent form, as JSON writes it', 1e21, '1e+21'],
    ['a string with quotes and a newline, escaped', 'a"b\nc', '"a\\"b\\nc"'],
    ['Chinese text, kept as it is (not \\u-escaped)', '王小明', '"王小明"'],
    ['an empty object', {}, '{}'],
    ['an empty array', [], '[]'],
  ])('writes %s as JSON does', (_why, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('sorts the keys of an object, so the order they were set in does not matter', () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
    expect(canonicalJson({ c: 3, a: 2, b: 1 })).toBe(canonicalJson({ a: 2, b: 1, c: 3 }));
  });

  it('sorts by UTF-16 code unit: upper case before lower case, digits first, longer after its prefix', () => {
    expect(canonicalJson({ b: 0, a: 0, B: 0, '1': 0, ab: 0, 名: 0 })).toBe(
      '{"1":0,"B":0,"a":0,"ab":0,"b":0,"名":0}',
    );
  });

  it('sorts the keys at every level of nesting, inside arrays too, and writes no whitespace', () => {
    const value = { z: { y: [{ d: 1, c: { f: 2, e: 3 } }], x: null }, a: 'x' };
    expect(canonicalJson(value)).toBe('{"a":"x","z":{"x":null,"y":[{"c":{"e":3,"f":2},"d":1}]}}');
  });

  it('keeps the order of array elements (an array is ordered data)', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('leaves out an undefined member, as JSON does: present-but-undefined signs like absent', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ n: { m: undefined } })).toBe('{"n":{}}');
  });

  it('writes an undefined array element as null, as JSON does (the positions stay)', () => {
    expect(canonicalJson([1, undefined, 3])).toBe('[1,null,3]');
  });

  it('gives the same text as JSON.parse of itself (a round trip changes nothing)', () => {
    const value = { receipt: { outcome: 'applied', result: { differences: [{ kind: 'missing-here' }] } } };
    const text = canonicalJson(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('accepts an object without a prototype (as some parsers build them)', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: 2 });
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
  });

  it.each<[string, unknown, RegExp]>([
    ['NaN', { a: { b: Number.NaN } }, /non-finite number at \$\.a\.b/],
    ['Infinity', [1, Number.POSITIVE_INFINITY], /non-finite number at \$\[1\]/],
    ['-Infinity', Number.NEGATIVE_INFINITY, /non-finite number at \$/],
    ['a bigint', { seq: BigInt(1) }, /bigint at \$\.seq is not JSON/],
    ['a function', { f: () => 1 }, /function at \$\.f is not JSON/],
    ['a symbol', [Symbol('s')], /symbol at \$\[0\] is not JSON/],
    ['undefined on its own (JSON has no text for it)', undefined, /undefined at \$ is not JSON/],
    [
      'a Date (JSON.stringify would sign it as its toJSON text, Object.entries as {})',
      { at: new Date(0) },
      /Date at \$\.at is not a plain object/,
    ],
    ['a Map (which would sign as {})', { m: new Map([['a', 1]]) }, /Map at \$\.m is not a plain object/],
    ['a Buffer', { b: Buffer.from('x') }, /Buffer at \$\.b is not a plain object/],
  ])('refuses %s, naming where it is', (_why, value, problem) => {
    expect(() => canonicalJson(value)).toThrow(problem);
  });
});
