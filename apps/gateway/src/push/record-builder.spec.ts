import { blindIndex } from '@care/crypto';
import { common, type registry } from '@care/contracts';
import { parseExchangeRecord } from '@care/exchange-rules';
import { makeIdNumber } from '@care/identity';
import { childFacts } from '@care/service-kit/testing';
import { cityOf, exchangeRecordOf, exchangeStatus, pairIndex } from './record-builder';

// What a city sends about a child (residence side) and compares a push with (hukou side): the
// facts the partner needs and no more, built the same way on both sides.

const PAIR_KEY = Buffer.alloc(32, 9);
const ID = makeIdNumber('410102', '2015-03-07', 801);
const UPDATED_AT = '2026-12-07T12:00:00.000+08:00';

function child(
  overrides: Partial<registry.Child> = {},
  facts: Partial<common.ChildFacts> = {},
): registry.Child {
  return {
    childId: 'child-01',
    name: '王小明',
    idNumber: ID,
    facts: childFacts('child-01', 3, { birthDate: '2015-03-07', sex: common.Sex.SEX_MALE, ...facts }),
    hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
    residenceAddress: '山东省菏泽市牡丹区中华路1号',
    guardians: [{ name: '王建国', relation: '父亲', phone: '13812345678' }],
    lastVerifiedOn: '2026-11-01',
    masked: false,
    ...overrides,
  };
}

const residence: Parameters<typeof exchangeRecordOf>[1] = {
  pairKey: PAIR_KEY,
  keyCare: false,
  updatedAt: UPDATED_AT,
  side: 'residence',
};

function built(c: registry.Child, options: Partial<typeof residence> = {}) {
  const result = exchangeRecordOf(c, { ...residence, ...options });
  if (!result.ok) throw new Error(`not built: ${result.problem}`);
  return result;
}

describe('pairIndex', () => {
  it('is the versioned HMAC-SM3 blind index of the normalised ID number under the pair key', () => {
    expect(pairIndex(ID, PAIR_KEY)).toBe(`bi1:${blindIndex(ID, PAIR_KEY)}`);
    expect(pairIndex(ID, PAIR_KEY)).toMatch(/^bi1:[0-9a-f]{64}$/);
  });

  it('gives one index for the ways one ID number is typed (full width, spaces, lower-case x)', () => {
    const id = '11010519491231002X'; // the example of GB 11643-1999, check character X
    const typed = ` ${id.slice(0, 6)} ${id.slice(6, -1)}${id.slice(-1).toLowerCase()} `;
    const fullWidth = id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(pairIndex(typed, PAIR_KEY)).toBe(pairIndex(id, PAIR_KEY));
    expect(pairIndex(fullWidth, PAIR_KEY)).toBe(pairIndex(id, PAIR_KEY));
  });

  it('differs under another pair key (each pair of cities indexes under its own) and for another child', () => {
    expect(pairIndex(ID, Buffer.alloc(32, 8))).not.toBe(pairIndex(ID, PAIR_KEY));
    expect(pairIndex(makeIdNumber('410102', '2015-03-07', 803), PAIR_KEY)).not.toBe(pairIndex(ID, PAIR_KEY));
  });
});

describe('exchangeStatus', () => {
  it.each<[string, Partial<common.ChildFacts>, 'residence' | 'hukou', string]>([
    ['a migrant child where it lives', { isMigrant: true }, 'residence', 'resident'],
    [
      'no longer migrant where it lives (turned 16, back home, closed)',
      { isMigrant: false },
      'residence',
      'ended',
    ],
    ['moved out of the residence city', { isMigrant: true, movedOut: true }, 'residence', 'moved-out'],
    [
      'moved out, no longer migrant either: moved-out wins',
      { isMigrant: false, movedOut: true },
      'residence',
      'moved-out',
    ],
    ['living at home in the hukou city (no migrant child there)', { isMigrant: false }, 'hukou', 'resident'],
    [
      'a migrant child in the hukou city too (lives in another county of it)',
      { isMigrant: true },
      'hukou',
      'resident',
    ],
    ['moved out of the hukou city', { isMigrant: false, movedOut: true }, 'hukou', 'moved-out'],
  ])('%s', (_why, facts, side, status) => {
    expect(exchangeStatus(childFacts('c', 1, facts), side)).toBe(status);
  });
});

describe('exchangeRecordOf', () => {
  it('builds the record a hukou city needs, and no more (no phone, school, residence address or ID number)', () => {
    const result = built(child(), { keyCare: true });
    expect(result).toEqual({
      ok: true,
      idNumber: ID,
      record: {
        childRef: 'child-01',
        idNumberIndex: pairIndex(ID, PAIR_KEY),
        name: '王小明',
        birthDate: '2015-03-07',
        sex: 'male',
        guardianName: '王建国',
        guardianRelation: '51',
        hukouAddress: { divisionCode: '410102', detail: '河南省郑州市中原区林山寨街道和平路12号' },
        residenceDivisionCode: '371702',
        status: 'resident',
        keyCare: true,
        updatedAt: UPDATED_AT,
      },
    });
    expect(JSON.stringify(result.record)).not.toMatch(/138123|中华路|小学|410102201503/);
  });

  it('builds what the receiving side accepts: the record passes the partner’s field checks unchanged', () => {
    const { record } = built(
      child({ name: ' 王小明 ', guardians: [{ name: '李 梅', relation: '妈妈', phone: '' }] }),
    );
    expect(parseExchangeRecord(record, { today: '2026-12-07' })).toEqual(record);
  });

  it.each<[string, registry.Child, string]>([
    [
      'a masked child (read without the right to see identities)',
      child({ masked: true, name: '王**' }),
      'masked',
    ],
    [
      'a child without an ID number (cannot be matched in another city)',
      child({ idNumber: '' }),
      'no-id-number',
    ],
    ['an ID number of blanks only', child({ idNumber: '   ' }), 'no-id-number'],
    ['a child without facts', child({ facts: undefined }), 'no-facts'],
    [
      'masked and without an ID number: masked is said first',
      child({ masked: true, idNumber: '' }),
      'masked',
    ],
  ])('does not build %s', (_why, c, problem) => {
    expect(exchangeRecordOf(c, residence)).toEqual({ ok: false, problem });
  });

  it('normalises the ID number it hands back (the payload) the way the index does', () => {
    const typed = ` ${ID.slice(0, 6)} ${ID.slice(6)}`;
    const result = built(child({ idNumber: typed }));
    expect(result.idNumber).toBe(ID);
    expect(result.record.idNumberIndex).toBe(pairIndex(ID, PAIR_KEY));
  });

  it('normalises names and the address detail (NFKC, trimmed), so both cities compare like with like', () => {
    const { record } = built(
      child({
        name: ' 王小明　',
        hukouAddress: '  和平路１２号 ',
        guardians: [{ name: ' 王建国 ', relation: ' 父 亲 ', phone: '' }],
      }),
    );
    expect([record.name, record.hukouAddress.detail, record.guardianName, record.guardianRelation]).toEqual([
      '王小明',
      '和平路12号',
      '王建国',
      '51',
    ]);
  });

  describe('the guardian', () => {
    it.each<[string, registry.Guardian[], string, string]>([
      ['none known', [], '', ''],
      ['a guardian without a name', [{ name: ' ', relation: '父亲', phone: '1' }], '', ''],
      [
        'a relation with no code (free text): no guardian rather than a half one',
        [{ name: '张阿姨', relation: '邻居', phone: '' }],
        '',
        '',
      ],
      [
        'a colloquial relation with a code (奶奶 → 62)',
        [{ name: '王奶奶', relation: '奶奶', phone: '' }],
        '王奶奶',
        '62',
      ],
      [
        'the first named one with a coded relation, skipping an unnamed one',
        [
          { name: '', relation: '父亲', phone: '' },
          { name: '李梅', relation: '母亲', phone: '' },
        ],
        '李梅',
        '52',
      ],
      [
        'the first one with a coded relation, skipping one whose relation is free text',
        [
          { name: '张阿姨', relation: '邻居', phone: '' },
          { name: '李梅', relation: '母亲', phone: '' },
        ],
        '李梅',
        '52',
      ],
      [
        'the first of two coded ones (the registry’s order)',
        [
          { name: '王建国', relation: '父亲', phone: '' },
          { name: '李梅', relation: '母亲', phone: '' },
        ],
        '王建国',
        '51',
      ],
    ])('%s', (_why, guardians, name, relation) => {
      const { record } = built(child({ guardians }));
      expect([record.guardianName, record.guardianRelation]).toEqual([name, relation]);
      // Name and relation always travel together (the receiver refuses one without the other).
      expect(() => parseExchangeRecord(record)).not.toThrow();
    });
  });

  it.each<[string, Partial<common.ChildFacts>, string]>([
    [
      'the township when the registry knows it',
      { residenceCountyCode: '371702', residenceTownshipCode: '371702001' },
      '371702001',
    ],
    [
      'the county when the township is not known',
      { residenceCountyCode: '371721', residenceTownshipCode: '' },
      '371721',
    ],
  ])('gives as residence %s', (_why, facts, code) => {
    expect(built(child({}, facts)).record.residenceDivisionCode).toBe(code);
  });

  it.each<[common.Sex, string]>([
    [common.Sex.SEX_MALE, 'male'],
    [common.Sex.SEX_FEMALE, 'female'],
    [common.Sex.SEX_UNSPECIFIED, 'unspecified'],
    [99 as common.Sex, 'unspecified'],
  ])('gives sex %s as %s', (sex, text) => {
    expect(built(child({}, { sex })).record.sex).toBe(text);
  });

  it('gives the status by side: a child no longer migrant is ended where it lived, resident where it is from', () => {
    const notMigrant = child({}, { isMigrant: false });
    expect(built(notMigrant, { side: 'residence' }).record.status).toBe('ended');
    expect(built(notMigrant, { side: 'hukou' }).record.status).toBe('resident');
    const movedOut = child({}, { movedOut: true });
    expect(built(movedOut, { side: 'residence' }).record.status).toBe('moved-out');
    expect(built(movedOut, { side: 'hukou' }).record.status).toBe('moved-out');
  });

  it('carries key care and the time as given, and indexes under the pair key given', () => {
    const other = Buffer.alloc(32, 3);
    const { record } = built(child(), { keyCare: false, updatedAt: '2026-01-01T00:00:00Z', pairKey: other });
    expect([record.keyCare, record.updatedAt, record.idNumberIndex]).toEqual([
      false,
      '2026-01-01T00:00:00Z',
      pairIndex(ID, other),
    ]);
  });
});

describe('cityOf', () => {
  it.each([
    ['371702', '371700', 'a county of Heze (牡丹区)'],
    ['371721', '371700', 'another county of Heze (曹县)'],
    ['410102001', '410100', 'a township of Zhengzhou (林山寨街道)'],
    ['371700', '371700', 'a city code is its own city'],
    ['110101', '110100', 'a district of Beijing (municipality: the city-level code ends in 00 too)'],
  ])('%s → %s (%s)', (code, city) => {
    expect(cityOf(code)).toBe(city);
  });
});
