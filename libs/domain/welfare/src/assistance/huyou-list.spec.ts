import {
  HUYOU_LIST_COLUMNS,
  NO_ID_NUMBER,
  huyouChildIds,
  huyouListRows,
  isOnHuyouList,
  type HuyouApplication,
  type HuyouIdentity,
} from './huyou-list';

const app = (childId: string, kind: string, extra: Partial<HuyouApplication> = {}): HuyouApplication => ({
  childId,
  countyCode: '371702',
  townshipCode: '371702001',
  kind,
  approvedOn: '2026-05-10',
  startMonth: '2026-05',
  amountFen: 140000,
  hukouCountyCode: '410102',
  ...extra,
});

describe('the 护佑健康 list', () => {
  it('takes the orphan, minimum-living, destitute and disability-subsidy kinds only', () => {
    expect(
      [
        'orphan-basic-living',
        'minimum-living',
        'destitute-support',
        'disability-two-subsidies',
        'temporary-assistance',
        'disabled-child-rehabilitation',
        'orphan-medical-rehabilitation',
        'x',
      ].map(isOnHuyouList),
    ).toEqual([true, true, true, true, false, false, false, false]);
  });

  const applications = [
    app('c-2', 'minimum-living', { amountFen: 50000, approvedOn: '2026-05-12' }),
    app('c-1', 'orphan-basic-living'),
    app('c-2', 'disability-two-subsidies', {
      amountFen: 30000,
      approvedOn: '2026-04-30',
      hukouCountyCode: null,
    }),
    app('c-3', 'temporary-assistance', { amountFen: 100000 }),
  ];
  const identities = new Map<string, HuyouIdentity>([
    ['c-1', { name: '王小明', idNumber: '37170220150301002X' }],
    ['c-2', { name: '李小红', idNumber: '' }],
  ]);

  it('the children on the list: listed kinds only, each once, in id order', () => {
    expect(huyouChildIds(applications)).toEqual(['c-1', 'c-2']);
    expect(huyouChildIds([app('c-3', 'temporary-assistance')])).toEqual([]);
  });

  it('one row per child, in id order, named, kinds and monthly amounts summed, facts named', () => {
    const rows = huyouListRows(
      applications,
      [
        {
          childId: 'c-1',
          birthDate: '2015-03-01',
          facts: {
            orphan: true,
            scatteredOrphan: true,
            deFactoUnsupported: false,
            keyHardship: false,
            disabled: false,
            seriouslyIll: false,
          },
        },
      ],
      identities,
    );
    expect(rows).toEqual([
      {
        seq: 1,
        name: '王小明',
        idNumber: '37170220150301002X',
        childId: 'c-1',
        countyCode: '371702',
        townshipCode: '371702001',
        hukouCountyCode: '410102',
        birthDate: '2015-03-01',
        categories: '社会散居孤儿、孤儿',
        assistance: '孤儿、事实无人抚养儿童基本生活保障金',
        approvedOn: '2026-05-10',
        monthlyYuan: '1400.00',
      },
      {
        seq: 2,
        name: '李小红',
        idNumber: NO_ID_NUMBER,
        childId: 'c-2',
        countyCode: '371702',
        townshipCode: '371702001',
        hukouCountyCode: '410102',
        birthDate: '',
        categories: '',
        assistance: '残疾人两项补贴（困难残疾人生活补贴和重度残疾人护理补贴）；最低生活保障（低保）',
        approvedOn: '2026-04-30',
        monthlyYuan: '800.00',
      },
    ]);
  });

  it('refuses to write a row without the child’s identity (no unnamed child reaches the province)', () => {
    expect(() => huyouListRows(applications, [], new Map([['c-1', identities.get('c-1')!]]))).toThrow(
      /no identity for child c-2/,
    );
  });

  it('has a Chinese header for every column, the name and ID number first after 序号', () => {
    for (const c of HUYOU_LIST_COLUMNS) expect(c.header).toMatch(/[\u4e00-\u9fff]/);
    expect(HUYOU_LIST_COLUMNS.slice(0, 4).map((c) => c.header)).toEqual([
      '序号',
      '姓名',
      '身份证号',
      '儿童编号',
    ]);
  });
});
