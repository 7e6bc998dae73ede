import {
  COMPARED_FIELDS,
  compareRecords,
  detailBelowDivision,
  inCity,
  isStatusConflict,
  sameCity,
  unmatchedHukouRecord,
  type Difference,
} from './compare';
import { SELECTABLE_FIELDS, selectFields, type SelectableField } from './fields';
import type { ExchangeRecord } from './record';
import { aRecord, indexOf } from './test-records';

const pushed = aRecord({ childRef: 'heze-1' });
const local = (overrides: Partial<ExchangeRecord> = {}) => aRecord({ childRef: 'zz-9', ...overrides });
const refs = { idNumberIndex: pushed.idNumberIndex, residenceChildRef: 'heze-1', hukouChildRef: 'zz-9' };

describe('compareRecords', () => {
  it('finds no difference between equal records (child ids and update times are not compared)', () => {
    expect(compareRecords(pushed, local({ updatedAt: '2024-01-01T00:00:00Z' }))).toEqual([]);
  });

  it('reports missing-here when the hukou city has no record of the index', () => {
    expect(compareRecords(pushed, undefined)).toEqual([
      { kind: 'missing-here', idNumberIndex: pushed.idNumberIndex, residenceChildRef: 'heze-1' },
    ]);
  });

  it('refuses to compare records of two different indexes', () => {
    expect(() => compareRecords(pushed, local({ idNumberIndex: indexOf('x') }))).toThrow(RangeError);
  });

  it.each<[string, Partial<ExchangeRecord>, string, string, string]>([
    // field, the hukou side, field, residence value shown, hukou value shown
    ['name', { name: '王晓明' }, 'name', '王**', '王**'],
    ['name (a space inside counts: names compare exactly)', { name: '王 小明' }, 'name', '王**', '王***'],
    ['birthDate', { birthDate: '2015-03-08' }, 'birthDate', '2015-**-**', '2015-**-**'],
    ['sex', { sex: 'female' }, 'sex', '男', '女'],
    ['sex (one side does not record it)', { sex: 'unspecified' }, 'sex', '男', '未说明'],
    ['guardianName', { guardianName: '李建国' }, 'guardianName', '王**', '李**'],
    ['guardianRelation', { guardianRelation: '61' }, 'guardianRelation', '51 父亲', '61 祖父'],
    [
      'hukou division',
      { hukouAddress: { divisionCode: '410103001', detail: '和平路12号' } },
      'hukouAddress.divisionCode',
      '410102001',
      '410103001',
    ],
    [
      'hukou detail',
      { hukouAddress: { divisionCode: '410102001', detail: '和平路14号' } },
      'hukouAddress.detail',
      '****',
      '****',
    ],
    [
      'residence within the same city',
      { residenceDivisionCode: '371702002' },
      'residenceDivisionCode',
      '371702001',
      '371702002',
    ],
    ['keyCare', { keyCare: true }, 'keyCare', '否', '是'],
  ])(
    'reports field-differs for %s, both values masked',
    (_why, hukouSide, field, residenceValue, hukouValue) => {
      expect(compareRecords(pushed, local(hukouSide))).toEqual([
        { kind: 'field-differs', ...refs, field, residenceValue, hukouValue },
      ]);
    },
  );

  it('covers every compared field in the table above', () => {
    expect(COMPARED_FIELDS).toHaveLength(9);
  });

  it.each<[string, Partial<ExchangeRecord>]>([
    ['a full-width space around the name', { name: '\u3000王小明 ' }],
    ['full-width letters in a name (NFKC)', { name: 'ＡＬＩ', guardianName: 'ＢＯＢ' }],
    [
      'spaces inside the address detail',
      { hukouAddress: { divisionCode: '410102001', detail: '和平路 12 号' } },
    ],
    [
      'full-width digits in the detail',
      { hukouAddress: { divisionCode: '410102001', detail: '和平路１２号' } },
    ],
    [
      'the detail written from the province down',
      { hukouAddress: { divisionCode: '410102001', detail: '河南省郑州市中原区林山寨街道和平路12号' } },
    ],
    [
      'the detail written from the city down',
      { hukouAddress: { divisionCode: '410102001', detail: '郑州市中原区林山寨街道和平路12号' } },
    ],
    [
      'the detail written from the county down',
      { hukouAddress: { divisionCode: '410102001', detail: '河南省郑州市中原区和平路12号' } },
    ],
  ])('sees no difference for %s', (_why, hukouSide) => {
    const residence = hukouSide.name === 'ＡＬＩ' ? aRecord({ name: 'ALI', guardianName: 'BOB' }) : pushed;
    expect(compareRecords(residence, local(hukouSide))).toEqual([]);
  });

  it('does not compare the details when the division codes differ (one difference, not two)', () => {
    const diffs = compareRecords(
      pushed,
      local({ hukouAddress: { divisionCode: '410103', detail: '别的路1号' } }),
    );
    expect(diffs.map((d) => d.field)).toEqual(['hukouAddress.divisionCode']);
  });

  it('reports a guardian known here but not there as two differences (name and relation)', () => {
    const diffs = compareRecords(pushed, local({ guardianName: '', guardianRelation: '' }));
    expect(diffs.map((d) => [d.field, d.residenceValue, d.hukouValue])).toEqual([
      ['guardianName', '王**', ''],
      ['guardianRelation', '51 父亲', ''],
    ]);
  });

  it('reports each differing field once, in the order of COMPARED_FIELDS', () => {
    const diffs = compareRecords(pushed, local({ keyCare: true, name: '王晓明', sex: 'female' }));
    expect(diffs.map((d) => d.field)).toEqual(['name', 'sex', 'keyCare']);
  });

  it.each<[string, Partial<ExchangeRecord>, Partial<ExchangeRecord>, string, string]>([
    [
      'both list the child as resident, in different cities',
      {},
      { residenceDivisionCode: '410102001' },
      '居住 371702001',
      '居住 410102001',
    ],
    ['resident here, ended there', {}, { status: 'ended' }, '居住 371702001', '终止 371702001'],
    [
      'moved out here, while the hukou city has the child living here',
      { status: 'moved-out' },
      { residenceDivisionCode: '371721001' },
      '迁出 371702001',
      '居住 371721001',
    ],
    [
      'ended here, while the hukou city has the child living here',
      { status: 'ended' },
      {},
      '终止 371702001',
      '居住 371702001',
    ],
  ])('reports status-conflict when %s', (_why, residenceSide, hukouSide, residenceValue, hukouValue) => {
    const r = aRecord({ childRef: 'heze-1', ...residenceSide });
    expect(compareRecords(r, local(hukouSide))).toEqual([
      { kind: 'status-conflict', ...refs, field: 'status', residenceValue, hukouValue },
    ]);
  });

  it('reports a status conflict and the other differing fields together', () => {
    const diffs = compareRecords(pushed, local({ residenceDivisionCode: '410102001', keyCare: true }));
    expect(diffs.map((d) => [d.kind, d.field])).toEqual([
      ['status-conflict', 'status'],
      ['field-differs', 'keyCare'],
    ]);
  });

  it('does not compare last-known residences of a child both sides say moved out', () => {
    const r = aRecord({ status: 'moved-out' });
    expect(compareRecords(r, local({ status: 'moved-out', residenceDivisionCode: '371721001' }))).toEqual([]);
  });

  it('never carries a name, guardian name, birth date or address detail in clear', () => {
    const there = local({
      name: '欧阳娜娜',
      guardianName: '欧阳建国',
      birthDate: '2016-11-30',
      hukouAddress: { divisionCode: '410102001', detail: '河南省郑州市中原区林山寨街道建设路88号院3号楼' },
    });
    const text = JSON.stringify(compareRecords(pushed, there));
    for (const secret of ['欧阳娜娜', '娜娜', '小明', '建国', '11-30', '03-07', '建设路', '和平路', '88'])
      expect(text).not.toContain(secret);
  });
});

describe('isStatusConflict', () => {
  it.each<[string, string, string, string, string, boolean]>([
    // residence status/division, hukou status/division, conflict?
    ['same city, other county', 'resident', '371702001', 'resident', '371721001', false],
    ['other city', 'resident', '371702001', 'resident', '410102001', true],
    ['both moved out, different last places', 'moved-out', '371702001', 'moved-out', '410102001', false],
    ['both ended', 'ended', '371702001', 'ended', '371702001', false],
    ['one ended', 'resident', '371702001', 'ended', '371702001', true],
    [
      'migration: moved out of the hukou city, lives here',
      'resident',
      '371702001',
      'moved-out',
      '410105001',
      false,
    ],
    [
      'returned home: moved out here, lives in the hukou city',
      'moved-out',
      '371702001',
      'resident',
      '410105001',
      false,
    ],
    [
      'moved out here, the hukou city has the child here',
      'moved-out',
      '371702001',
      'resident',
      '371721001',
      true,
    ],
    ['ended here, moved out there', 'ended', '371702001', 'moved-out', '371702001', false],
    ['ended here, the hukou city has the child here', 'ended', '371702001', 'resident', '371702001', true],
  ])('%s -> %p', (_why, rs, rd, hs, hd, conflict) => {
    const r = aRecord({ status: rs as ExchangeRecord['status'], residenceDivisionCode: rd });
    const h = aRecord({ status: hs as ExchangeRecord['status'], residenceDivisionCode: hd });
    expect(isStatusConflict(r, h)).toBe(conflict);
  });
});

describe('sameCity / inCity', () => {
  it.each<[string, string, boolean]>([
    ['371702001', '371721', true],
    ['371702', '371700', true],
    ['371702001', '410102001', false],
    ['371702001', '370102001', false], // same province, other city
    ['110101001', '110105', true], // 北京市: one city
    ['500101', '500235', true], // 重庆市: 市辖区 and 县 are one city
    ['419001', '410102', false], // 济源 is not Zhengzhou
  ])('%s and %s -> %p', (a, b, same) => {
    expect(sameCity(a, b)).toBe(same);
    expect(sameCity(b, a)).toBe(same);
  });

  it('accepts a 4-digit city code', () => {
    expect(inCity('371702001', '3717')).toBe(true);
    expect(inCity('410102001', '3717')).toBe(false);
  });
});

describe('detailBelowDivision', () => {
  it.each([
    ['和平路12号', '和平路12号'],
    ['河南省郑州市中原区林山寨街道和平路12号', '和平路12号'],
    ['郑州市中原区林山寨街道和平路12号', '和平路12号'],
    ['河南省郑州市和平路12号', '和平路12号'],
    ['河南 省郑州市 和平路12号', '和平路12号'],
    ['山东省菏泽市牡丹区和平路12号', '山东省菏泽市牡丹区和平路12号'], // another division's name stays
  ])('%p -> %p', (detail, below) => {
    expect(detailBelowDivision('410102001', detail)).toBe(below);
  });
});

describe('unmatchedHukouRecord', () => {
  it('is missing-there when the hukou city says the child lives in the residence city', () => {
    const h = aRecord({ childRef: 'zz-9' });
    expect(unmatchedHukouRecord(h, '371700')).toEqual<Difference>({
      kind: 'missing-there',
      idNumberIndex: h.idNumberIndex,
      hukouChildRef: 'zz-9',
      hukouValue: '居住 371702001',
    });
  });

  it.each<[string, Partial<ExchangeRecord>]>([
    ['lives in the hukou city', { residenceDivisionCode: '410102001' }],
    ['lives in a third city', { residenceDivisionCode: '370102001' }],
    ['moved out of the residence city', { status: 'moved-out' }],
    ['ended', { status: 'ended' }],
  ])('is no difference when the hukou record says the child %s', (_why, overrides) => {
    expect(unmatchedHukouRecord(aRecord(overrides), '371700')).toBeUndefined();
  });
});

describe('compareRecords with fields the pair’s agreement withholds', () => {
  const withholding = (...withheld: SelectableField[]) =>
    selectFields(pushed, new Set(SELECTABLE_FIELDS.filter((f) => !withheld.includes(f))));

  // One row per selectable field: a local record differing in it, and the differences it gives
  // when the field is shared. Withheld, the same local record gives none of them.
  it.each<[SelectableField, Partial<ExchangeRecord>, string[]]>([
    ['name', { name: '王晓明' }, ['name']],
    ['birthDate', { birthDate: '2015-03-08' }, ['birthDate']],
    ['sex', { sex: 'female' }, ['sex']],
    ['guardianName', { guardianName: '王建军' }, ['guardianName']],
    ['guardianRelation', { guardianRelation: '52' }, ['guardianRelation']],
    [
      'hukouAddress',
      { hukouAddress: { divisionCode: '410102001', detail: '建设路3号' } },
      ['hukouAddress.detail'],
    ],
    ['hukouAddress', { hukouAddress: { divisionCode: '410103', detail: '' } }, ['hukouAddress.divisionCode']],
    ['residenceDivisionCode', { residenceDivisionCode: '371721001' }, ['residenceDivisionCode']],
    ['keyCare', { keyCare: true }, ['keyCare']],
  ])('%s withheld: %p differs only when shared', (field, change, shared) => {
    const there = local(change);
    expect(compareRecords(pushed, there).map((d) => d.field)).toEqual(shared);
    expect(compareRecords(withholding(field), there, { residenceCityCode: '371700' })).toEqual([]);
  });

  it('compares what is shared and never names what is withheld', () => {
    const there = local({ name: '王晓明', guardianName: '王建军', keyCare: true, sex: 'female' });
    const diffs = compareRecords(withholding('guardianName', 'keyCare'), there);
    expect(diffs.map((d) => d.field)).toEqual(['name', 'sex']);
    expect(JSON.stringify(diffs)).not.toMatch(/guardianName|keyCare|监护人/);
  });

  it('with only the core fields shared: the status alone is compared', () => {
    const coreOnly = selectFields(pushed, new Set());
    const options = { residenceCityCode: '371700' };
    expect(
      compareRecords(coreOnly, local({ name: '李四', guardianName: '', guardianRelation: '' }), options),
    ).toEqual([]);
    expect(compareRecords(coreOnly, local({ status: 'ended' }), options).map((d) => d.kind)).toEqual([
      'status-conflict',
    ]);
    expect(compareRecords(coreOnly, undefined)).toEqual([
      { kind: 'missing-here', idNumberIndex: pushed.idNumberIndex, residenceChildRef: 'heze-1' },
    ]);
  });

  describe('the residence division withheld: the status rule places the child in the residence city', () => {
    const noPlace = withholding('residenceDivisionCode');

    it.each<[string, ExchangeRecord['status'], Partial<ExchangeRecord>, string | undefined]>([
      [
        'resident there, resident in the hukou city',
        'resident',
        { residenceDivisionCode: '410105001' },
        '居住 371700',
      ],
      ['resident there, resident in the residence city here too (no conflict)', 'resident', {}, undefined],
      ['resident there, ended here', 'resident', { status: 'ended' }, '居住 371700'],
      ['moved out there, resident in the residence city here', 'moved-out', {}, '迁出 371700'],
      ['moved out there, moved out here', 'moved-out', { status: 'moved-out' }, undefined],
      [
        'moved out there, back at home here (migration, no conflict)',
        'moved-out',
        { residenceDivisionCode: '410105001' },
        undefined,
      ],
    ])('%s', (_why, status, hukouSide, residenceValue) => {
      const diffs = compareRecords({ ...noPlace, status }, local(hukouSide), { residenceCityCode: '3717' });
      expect(diffs.map((d) => [d.kind, d.residenceValue])).toEqual(
        residenceValue === undefined ? [] : [['status-conflict', residenceValue]],
      );
    });

    it('needs the residence city to say so (a caller that forgot it is a bug, not "no conflict")', () => {
      expect(() => compareRecords(noPlace, local())).toThrow(/residenceCityCode/);
      expect(() => compareRecords(noPlace, local(), { residenceCityCode: '37170' })).toThrow(RangeError);
      // Not needed when the record carries its division, nor when there is nothing to compare.
      expect(() => compareRecords(pushed, local())).not.toThrow();
      expect(() => compareRecords(noPlace, undefined)).not.toThrow();
    });
  });
});
