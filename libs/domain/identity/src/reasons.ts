/** Why an ID number (公民身份号码, GB 11643-1999) is refused. A refusal lists every reason that applies. */
export type IdNumberReason =
  | 'empty'
  | 'bad-length'
  | 'bad-characters'
  | 'bad-birth-date'
  | 'birth-date-in-future'
  | 'unknown-address-code'
  | 'bad-check-character'
  | 'legacy-15-digit-not-allowed'
  | 'legacy-15-digit-minor';

export const ID_NUMBER_REASONS: readonly IdNumberReason[] = [
  'empty',
  'bad-length',
  'bad-characters',
  'bad-birth-date',
  'birth-date-in-future',
  'unknown-address-code',
  'bad-check-character',
  'legacy-15-digit-not-allowed',
  'legacy-15-digit-minor',
];

function assertNever(value: never): never {
  throw new Error(`unhandled ID number reason: ${String(value)}`);
}

/** The message a person reads (zh-CN), naming the field and the rule. */
export function idNumberReasonText(reason: IdNumberReason): string {
  switch (reason) {
    case 'empty':
      return '身份证号：未填写';
    case 'bad-length':
      return '身份证号：长度应为18位（15位旧号码仅限成年监护人）';
    case 'bad-characters':
      return '身份证号：只能由数字组成，最后一位可以是数字或X';
    case 'bad-birth-date':
      return '身份证号：第7至14位出生日期不是有效日期';
    case 'birth-date-in-future':
      return '身份证号：出生日期晚于今天';
    case 'unknown-address-code':
      return '身份证号：前6位地址码不是有效的行政区划代码（GB/T 2260，含历史代码）';
    case 'bad-check-character':
      return '身份证号：最后一位校验码错误（GB 11643-1999）';
    case 'legacy-15-digit-not-allowed':
      return '身份证号：此处不接受15位旧号码，请填写18位号码';
    case 'legacy-15-digit-minor':
      return '身份证号：15位旧号码只属于成年人，未成年人应有18位号码';
    default:
      return assertNever(reason);
  }
}
