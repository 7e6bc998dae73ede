import {
  ID_NUMBER_REASONS,
  computeCheckCharacter,
  idNumberReasonText,
  makeIdNumber,
  maskIdNumber,
  normalizeIdNumber,
  upgradeLegacyIdNumber,
  validateIdNumber,
  type IdNumberReason,
} from './index';

const asOf = '2025-06-01';
// Built with the check character of the standard's own example (GB 11643-1999 annex: 11010519491231002X).
const HEZE_BOY = makeIdNumber('371702', '2015-03-10', 123); // 牡丹区, odd sequence
const DINGTAO_OLD = makeIdNumber('371727', '2012-07-01', 48); // 定陶县 code, kept for life after 2016

describe('computeCheckCharacter (ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002', 'X', 'the example printed in GB 11643-1999'],
    ['44052418800101001', '4', 'the second example of the standard'],
    ['37170220150310123', computeCheckCharacter('37170220150310123'), 'stable for the same input'],
    ['00000000000000000', '1', 'all zeros: sum 0 gives 1'],
  ])('%s -> %s (%s)', (first17, expected) => {
    expect(computeCheckCharacter(first17)).toBe(expected);
  });

  it.each([['1101051949123100'], ['110105194912310021'], ['1101051949123100X'], ['']])(
    'refuses %p (not 17 digits)',
    (bad) => {
      expect(() => computeCheckCharacter(bad)).toThrow(RangeError);
    },
  );
});

describe('normalizeIdNumber', () => {
  it.each([
    [
      '１１０１０５１９４９１２３１００２ｘ',
      '11010519491231002X',
      'full-width digits and letter from a Chinese IME',
    ],
    ['110105 19491231 002x', '11010519491231002X', 'spaces and lowercase x'],
    ['\u3000110105194912310\u00a002X\u3000', '11010519491231002X', 'ideographic space U+3000 and NBSP'],
    ['\ufeff11010519491231002X\u200b', '11010519491231002X', 'BOM and zero-width space from Excel'],
    ['\t11010519491231002X\n', '11010519491231002X', 'tab and newline'],
    ['', '', 'empty stays empty'],
  ])('%p -> %p (%s)', (raw, expected) => {
    expect(normalizeIdNumber(raw)).toBe(expected);
  });
});

describe('validateIdNumber', () => {
  type Row = [string, string, Partial<Parameters<typeof validateIdNumber>[1]>, IdNumberReason[] | 'ok'];
  const rows: Row[] = [
    ['valid 18-digit number of a Heze boy', HEZE_BOY, {}, 'ok'],
    ['the standard example (female, X check character)', '11010519491231002X', {}, 'ok'],
    ['historical county code 371727 (定陶县, now 定陶区) is still valid', DINGTAO_OLD, {}, 'ok'],
    [
      'historical code of 菏泽地区 定陶县 372923 (before 2000)',
      makeIdNumber('372923', '1985-05-05', 11),
      {},
      'ok',
    ],
    [
      'full-width input with lowercase x is accepted after normalising',
      '１１０１０５１９４９１２３１００２ｘ',
      {},
      'ok',
    ],
    ['empty', '', {}, ['empty']],
    ['only spaces', ' \u3000 ', {}, ['empty']],
    ['17 digits: too short', HEZE_BOY.slice(0, 17), {}, ['bad-length']],
    ['19 digits: too long', HEZE_BOY + '1', {}, ['bad-length']],
    ['a letter inside the number', HEZE_BOY.slice(0, 10) + 'A' + HEZE_BOY.slice(11), {}, ['bad-characters']],
    ['X not in the last position', 'X' + HEZE_BOY.slice(1), {}, ['bad-characters']],
    ['a hyphen', HEZE_BOY.slice(0, 6) + '-' + HEZE_BOY.slice(6, 17), {}, ['bad-characters']],
    ['month 13', fix17('37170220151310123'), {}, ['bad-birth-date']],
    ['30 February', fix17('37170220150230123'), {}, ['bad-birth-date']],
    ['29 February in a common year', fix17('37170220150229123'), {}, ['bad-birth-date']],
    ['29 February in a leap year is a real date', fix17('37170220160229123'), {}, 'ok'],
    ['born before 1900: a typing error', fix17('37170218991231123'), {}, ['bad-birth-date']],
    ['birth date after asOf', makeIdNumber('371702', '2025-06-02', 1), {}, ['birth-date-in-future']],
    ['born on asOf itself is fine', makeIdNumber('371702', '2025-06-01', 1), {}, 'ok'],
    [
      'address code 371799 never existed',
      makeIdNumber('371799', '2015-03-10', 1),
      {},
      ['unknown-address-code'],
    ],
    [
      'address code of a city, not a county (371700)',
      makeIdNumber('371700', '2015-03-10', 1),
      {},
      ['unknown-address-code'],
    ],
    [
      'wrong check character',
      HEZE_BOY.slice(0, 17) + (HEZE_BOY[17] === '0' ? '1' : '0'),
      {},
      ['bad-check-character'],
    ],
    [
      'lowercase x where the check is a digit',
      HEZE_BOY.slice(0, 17) + (HEZE_BOY[17] === 'X' ? '0' : 'x'),
      {},
      ['bad-check-character'],
    ],
    [
      'every problem at once: unknown code, bad date and bad check',
      '99999920151399123' + '0',
      {},
      ['unknown-address-code', 'bad-birth-date', 'bad-check-character'],
    ],
    [
      'custom address-code predicate refuses what the dataset knows',
      HEZE_BOY,
      { isKnownAddressCode: () => false },
      ['unknown-address-code'],
    ],
    [
      'custom address-code predicate accepts an unknown code',
      makeIdNumber('371799', '2015-03-10', 1),
      { isKnownAddressCode: () => true },
      'ok',
    ],
    [
      '15-digit legacy number where not allowed (a child)',
      '371727850505011',
      {},
      ['legacy-15-digit-not-allowed'],
    ],
    [
      '15-digit legacy number of an adult guardian, allowed',
      '371727850505011',
      { allowLegacy15: true },
      'ok',
    ],
    ['15-digit years are 19xx: "10" is 1910, an adult', '371727100505011', { allowLegacy15: true }, 'ok'],
    [
      '15-digit number of someone born 1999, checked in 2010: a minor, refused',
      '371727990505011',
      { allowLegacy15: true, asOf: '2010-01-01' },
      ['legacy-15-digit-minor'],
    ],
    [
      "15-digit number on the holder's 18th birthday is an adult",
      '371727970601011',
      { allowLegacy15: true, asOf: '2015-06-01' },
      'ok',
    ],
    [
      '15-digit number the day before the 18th birthday is a minor',
      '371727970602011',
      { allowLegacy15: true, asOf: '2015-06-01' },
      ['legacy-15-digit-minor'],
    ],
    ['15-digit with a letter', '37172785050501X', { allowLegacy15: true }, ['bad-characters']],
    ['15-digit with a bad date', '371727851305011', { allowLegacy15: true }, ['bad-birth-date']],
    ['15-digit with an unknown code', '371799850505011', { allowLegacy15: true }, ['unknown-address-code']],
  ];

  it.each(rows)('%s', (_why, input, extra, expected) => {
    const result = validateIdNumber(input, { asOf, ...extra });
    if (expected === 'ok') {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reasons).toEqual(expected);
    }
  });

  it('gives birth date, sex and address code of a valid number', () => {
    expect(validateIdNumber(HEZE_BOY, { asOf })).toEqual({
      ok: true,
      normalized: HEZE_BOY,
      birthDate: '2015-03-10',
      sex: 'male',
      addressCode: '371702',
    });
    expect(validateIdNumber('11010519491231002X', { asOf })).toMatchObject({
      sex: 'female',
      birthDate: '1949-12-31',
      addressCode: '110105',
    });
  });

  it('reports the 18-digit form of an accepted 15-digit number', () => {
    expect(validateIdNumber('110105491231002', { asOf, allowLegacy15: true })).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      addressCode: '110105',
      upgradedFrom15: true,
    });
  });

  it('returns the normalised input with the reasons', () => {
    expect(validateIdNumber(' 3717 ', { asOf })).toEqual({
      ok: false,
      normalized: '3717',
      reasons: ['bad-length'],
    });
  });
});

describe('upgradeLegacyIdNumber', () => {
  it.each([
    ['110105491231002', '11010519491231002X'],
    ['１１０１０５４９１２３１００２', '11010519491231002X'],
  ])('%s -> %s', (id15, id18) => expect(upgradeLegacyIdNumber(id15)).toBe(id18));
  it.each([['11010549123100'], ['11010519491231002X'], ['11010549123100A']])('refuses %p', (bad) => {
    expect(() => upgradeLegacyIdNumber(bad)).toThrow(RangeError);
  });
});

describe('makeIdNumber', () => {
  it.each([
    ['371702', '2015-03-10', 123, 'male'],
    ['371703', '2016-02-29', '002', 'female'],
    ['371727', '2014-12-31', 0, 'female'],
    ['410102', '2020-01-01', 999, 'male'],
  ] as const)('%s %s %p is valid and has sex %s', (code, birth, seq, sex) => {
    const id = makeIdNumber(code, birth, seq);
    expect(validateIdNumber(id, { asOf })).toMatchObject({
      ok: true,
      birthDate: birth,
      sex,
      addressCode: code,
    });
  });
  it.each([
    ['37170', '2015-03-10', 1],
    ['371702', '2015-02-30', 1],
    ['371702', '2015-03-10', 1000],
    ['371702', '2015-03-10', '12'],
  ] as const)('refuses %p %p %p', (code, birth, seq) => {
    expect(() => makeIdNumber(code, birth, seq)).toThrow(RangeError);
  });
});

describe('idNumberReasonText', () => {
  it.each(ID_NUMBER_REASONS.map((r) => [r]))('%s has a Chinese message naming the field', (reason) => {
    const text = idNumberReasonText(reason);
    expect(text.startsWith('身份证号：')).toBe(true);
    expect(text.length).toBeGreaterThan('身份证号：'.length + 2);
  });
  it('messages are distinct', () => {
    expect(new Set(ID_NUMBER_REASONS.map(idNumberReasonText)).size).toBe(ID_NUMBER_REASONS.length);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '110105********002X'],
    ['1234', '****'],
  ])('%s -> %s', (id, masked) => expect(maskIdNumber(id)).toBe(masked));
});

/** 17 digits + the right check character, so a row tests only the fault it names. */
function fix17(first17: string): string {
  return first17 + computeCheckCharacter(first17);
}
