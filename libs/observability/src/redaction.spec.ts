import { MASKED_ID_NUMBER, MASKED_MOBILE, maskPersonalPatterns } from './redaction';

// [reason, input, expected output]
const ROWS: Array<[string, string, string]> = [
  [
    'an ID number in Chinese text',
    '儿童身份证号110101201503070012已登记',
    `儿童身份证号${MASKED_ID_NUMBER}已登记`,
  ],
  ['an ID number ending in X', 'id=11010120150307001X', `id=${MASKED_ID_NUMBER}`],
  ['an ID number ending in lower-case x', '"11010120150307001x"', `"${MASKED_ID_NUMBER}"`],
  [
    'a duplicate-key error echoing the ID number',
    'E11000 dup key: { idNumber: "371702201001011234" }',
    `E11000 dup key: { idNumber: "${MASKED_ID_NUMBER}" }`,
  ],
  ['a mobile in text', '监护人电话13812345678', `监护人电话${MASKED_MOBILE}`],
  ['a mobile with +86', 'tel:+8613812345678.', `tel:${MASKED_MOBILE}.`],
  ['a mobile with 86 and a dash', 'call 86-15912345678', `call ${MASKED_MOBILE}`],
  [
    'two values in one line',
    'a 110101201503070012 b 19912345678',
    `a ${MASKED_ID_NUMBER} b ${MASKED_MOBILE}`,
  ],
  [
    'a stack-trace line',
    'Error: child 110101201503070012 invalid\n    at x (y.ts:1:2)',
    `Error: child ${MASKED_ID_NUMBER} invalid\n    at x (y.ts:1:2)`,
  ],
];

// [reason, input] — must come out unchanged.
const UNCHANGED: Array<[string, string]> = [
  ['epoch milliseconds (13 digits)', '"time":1732800000123'],
  [
    'a trace id whose digits are bounded by hex letters',
    'trace_id=4bf92f3577b34da6a3ce929d0e0e4736 a13812345678b',
  ],
  ['a 19-digit number is not an ID number', '1101012015030700123'],
  ['a 12-digit number is not a mobile', '138123456789'],
  ['an 11-digit number not starting 13-19', '12812345678'],
  ['a county code and a date', '371702 2025-03-01'],
  ['a ULID', '01JDQ8Z6X3K4M5N6P7Q8R9S0T1'],
];

describe('maskPersonalPatterns', () => {
  it.each(ROWS)('masks %s', (_reason, input, expected) => {
    expect(maskPersonalPatterns(input)).toBe(expected);
  });

  it.each(UNCHANGED)('leaves %s alone', (_reason, input) => {
    expect(maskPersonalPatterns(input)).toBe(input);
  });
});
