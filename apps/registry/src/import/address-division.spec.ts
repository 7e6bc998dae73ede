import { resolveAddress } from './address-division';

describe('resolveAddress (the divisions an address names)', () => {
  const heze = { provinceCode: '370000', cityCode: '371700' };
  // [address, county, township or undefined, reason]
  const rows: [string, string | undefined, string | undefined, string][] = [
    [
      '山东省菏泽市成武县苟村集镇张庄村八一路164号',
      '371723',
      '371723106',
      'full address down to the township',
    ],
    [
      '菏泽市牡丹区牡丹街道春晖社区解放路58号',
      '371702',
      '371702005',
      'no province: read within the default province',
    ],
    ['牡丹区东城街道和平路8号', '371702', '371702001', 'no province or city: read within the default city'],
    ['鄄城县凤凰镇北集村胜利路206号', '371726', '371726110', 'a bare county of the default city'],
    [
      '山东省烟台市招远市夏甸镇前营村中华路31号',
      '370685',
      '370685108',
      'another city of the province; a county-level city (招远市)',
    ],
    ['河南省商丘市虞城县利民镇某村', '411425', '411425107', 'another province'],
    ['北京市朝阳区建国路1号', '110105', undefined, 'a municipality: county found, no township named'],
    ['山 东 省 菏 泽 市 曹 县', '371721', undefined, 'spaces between characters'],
    ['火星某地', undefined, undefined, 'nothing recognisable'],
    ['', undefined, undefined, 'blank'],
  ];
  it.each(rows)('%s -> %s / %s (%s)', (address, county, township) => {
    const resolved = resolveAddress(address, heze);
    expect(resolved?.countyCode).toBe(county);
    expect(resolved?.townshipCode).toBe(township);
  });
});
