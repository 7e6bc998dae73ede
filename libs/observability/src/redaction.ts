// Personal data of children (names, ID numbers, phones, addresses, guardians) never reaches a
// log in clear. Two layers: structured fields are redacted by path, and every finished log line
// passes a value-level safety net that masks ID-number- and mobile-looking digit runs wherever
// they hide (free-text messages, error messages, stack traces, database errors echoing a key).

/** Field names that carry personal data wherever they appear in a logged object. */
export const PERSONAL_FIELDS = [
  'name',
  'childName',
  'guardianName',
  'idNumber',
  'id_number',
  'guardianIdNumber',
  'phone',
  'mobile',
  'guardianPhone',
  'address',
  'hukouAddress',
  'hukou_address',
  'residenceAddress',
  'residence_address',
  'guardians',
] as const;

/** pino `redact.paths`: each personal field at the top level and up to three levels down, plus credentials. */
export const REDACT_PATHS: readonly string[] = [
  ...PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export const REDACTED = '[REDACTED]';

// Bounded by anything but a letter or digit, so digit runs inside hex ids (trace_id) or longer
// numbers (epoch milliseconds) are left alone, while Chinese text, quotes and '=' are boundaries.
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g; // GB 11643 18-character
const MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/g; // mainland mobile

export const MASKED_ID_NUMBER = '[身份证号已隐藏]';
export const MASKED_MOBILE = '[手机号已隐藏]';

/** Masks every ID-number-looking and mobile-looking run in `text`. */
export function maskPersonalPatterns(text: string): string {
  return text.replace(ID_NUMBER, MASKED_ID_NUMBER).replace(MOBILE, MASKED_MOBILE);
}
