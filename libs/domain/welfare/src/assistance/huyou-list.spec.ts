import { HUYOU_LIST_COLUMNS, huyouListRows, isOnHuyouList, type HuyouApplication } from './huyou-list';

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

  it('one row per child, in id order, kinds and monthly amounts summed, facts named', () => {
    const rows = huyouListRows(
      [
        app('c-2', 'minimum-living', { amountFen: 50000, approvedOn: '2026-05-12' }),
        app('c-1', 'orphan-basic-living'),
        app('c-2', 'disability-two-subsidies', {
          amountFen: 30000,
          approvedOn: '2026-04-30',
          hukouCountyCode: null,
        }),
        app('c-3', 'temporary-assistance', { amountFen: 100000 }),
      ],
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
    );
    expect(rows).toEqual([
      {
        seq: 1,
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

  it('has a Chinese header for every column and no name column', () => {
    for (const c of HUYOU_LIST_COLUMNS) expect(c.header).toMatch(/[\u4e00-\u9fff]/);
    expect(HUYOU_LIST_COLUMNS.map((c) => c.header).join()).not.toMatch(/姓名|身份证/);
  });
});
