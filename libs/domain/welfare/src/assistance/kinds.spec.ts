import { hezeBasicList } from '@care/catalogue';
import {
  ASSISTANCE_KINDS,
  ASSISTANCE_KIND_CATALOGUE,
  fenToYuan,
  findAssistanceKind,
  isAssistanceKindId,
  parseAssistanceKinds,
} from './kinds';

const items = new Map(hezeBasicList().items.map((i) => [i.code, i] as const));

describe('the assistance kinds (data/assistance-kinds.v1.json)', () => {
  // Written out by hand from the seed's list and the task: kind, item, department, hukou confirms.
  it.each<[string, string, string, boolean, string]>([
    ['orphan-basic-living', 'HZ-12', 'civil-affairs', true, 'monthly'],
    ['minimum-living', 'HZ-15', 'civil-affairs', true, 'monthly'],
    ['destitute-support', 'HZ-16', 'civil-affairs', true, 'monthly'],
    ['temporary-assistance', 'HZ-17', 'civil-affairs', false, 'one-off'],
    ['disability-two-subsidies', 'HZ-13', 'civil-affairs', true, 'monthly'],
    ['disabled-child-rehabilitation', 'HZ-13', 'disabled-persons-federation', false, 'monthly'],
    ['orphan-medical-rehabilitation', 'HZ-09', 'civil-affairs', true, 'one-off'],
  ])('%s delivers %s, decided by %s, hukou confirms %p, paid %s', (id, item, department, hukou, period) => {
    expect(findAssistanceKind(id)).toMatchObject({
      itemCode: item,
      department,
      hukouCityConfirms: hukou,
      standard: { period, demo: true },
    });
  });

  it('lists exactly those seven kinds', () => expect(ASSISTANCE_KINDS).toHaveLength(7));

  it('every kind delivers a Heze list item its department is responsible for', () => {
    for (const kind of ASSISTANCE_KINDS) {
      const item = items.get(kind.itemCode);
      expect([kind.id, item?.departments.includes(kind.department)]).toEqual([kind.id, true]);
    }
  });

  it('every amount is a demo standard and says so', () => {
    expect(ASSISTANCE_KIND_CATALOGUE.note).toContain('示例标准');
    for (const kind of ASSISTANCE_KINDS) {
      expect(kind.standard.labelZh).toContain('示例标准');
      expect(kind.standard.maxAmountFen).toBeGreaterThanOrEqual(kind.standard.amountFen);
    }
  });

  it('temporary assistance is granted where the emergency happens (no hukou confirmation)', () => {
    expect(findAssistanceKind('temporary-assistance')?.basis).toContain('急难发生地');
  });

  it('a move out of the city ends every kind but temporary assistance (急难发生地)', () => {
    expect(ASSISTANCE_KINDS.filter((k) => !k.endsOnMoveOut).map((k) => k.id)).toEqual([
      'temporary-assistance',
    ]);
  });

  it.each([
    ['orphan-basic-living', true],
    ['nowhere', false],
    [3, false],
  ])('isAssistanceKindId(%p) -> %p', (value, expected) => expect(isAssistanceKindId(value)).toBe(expected));

  it('formats fen as yuan', () => {
    expect(fenToYuan(140000)).toBe('1400.00');
    expect(fenToYuan(1)).toBe('0.01');
  });
});

describe('parseAssistanceKinds (a broken edit fails the boot)', () => {
  const good = ASSISTANCE_KIND_CATALOGUE;
  const withKind = (patch: Record<string, unknown>) => ({
    ...good,
    kinds: [{ ...good.kinds[0], ...patch }],
  });

  it('accepts the bundled data', () => expect(parseAssistanceKinds(good)).toHaveProperty('catalogue'));

  it.each<[Record<string, unknown>, RegExp]>([
    [{ id: 'Bad Id' }, /id: must be a lower-case id/],
    [{ nameZh: 'allowance' }, /nameZh/],
    [{ department: 'health' }, /department/],
    [{ itemCode: 'X-1' }, /itemCode/],
    [{ hukouCityConfirms: 'yes' }, /hukouCityConfirms/],
    [{ onHuyouList: 1 }, /onHuyouList/],
    [{ endsOnMoveOut: undefined }, /endsOnMoveOut: must be a boolean/],
    [{ basis: '' }, /basis/],
    [{ standard: undefined }, /standard: missing/],
    [{ standard: { ...good.kinds[0].standard, period: 'weekly' } }, /period/],
    [{ standard: { ...good.kinds[0].standard, amountFen: 0.5 } }, /amountFen/],
    [{ standard: { ...good.kinds[0].standard, maxAmountFen: 1 } }, /maxAmountFen/],
    [{ standard: { ...good.kinds[0].standard, labelZh: '每月1400元' } }, /示例标准/],
  ])('refuses %j', (patch, message) => {
    const parsed = parseAssistanceKinds(withKind(patch));
    expect('errors' in parsed && parsed.errors.join('; ')).toMatch(message);
  });

  it('refuses a duplicate id and a missing list', () => {
    const parsed = parseAssistanceKinds({ ...good, kinds: [good.kinds[0], good.kinds[0]] });
    expect('errors' in parsed && parsed.errors.join('; ')).toMatch(/duplicate/);
    expect(parseAssistanceKinds({})).toEqual({ errors: ['kinds: must be an array'] });
    expect(parseAssistanceKinds(null)).toEqual({ errors: ['kinds: must be an array'] });
  });
});
