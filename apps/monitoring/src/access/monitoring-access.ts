import { actorCoversCounty, definePermissions, type Actor } from '@care/access';
import { countyOf } from '@care/divisions';
import { invalidArgument, permissionDenied } from '@care/errors';

/** What monitoring's roles may do. The figures are counts and codes, never a child's record. */
export const MONITORING_PERMISSIONS = definePermissions(
  {
    'kpis.read': '查看监测指标',
    'alerts.read': '查看预警',
    'reports.read': '下载督导评估报表',
  },
  {
    'civil-affairs-admin': ['kpis.read', 'alerts.read', 'reports.read'],
    'civil-affairs-officer': ['kpis.read', 'alerts.read', 'reports.read'],
    'department-officer': ['kpis.read', 'alerts.read'],
    // 督导: supervision evidence is aggregate, so the auditor reads it (never personal data).
    auditor: ['kpis.read', 'alerts.read', 'reports.read'],
    'child-director': [],
  },
);

export type AreaLevel = 'city' | 'county' | 'township';

export interface Area {
  readonly code: string;
  readonly level: AreaLevel;
  /** The county of a county or township ('' for the city). */
  readonly countyCode: string;
}

/**
 * Reads an area code of the monitored city: the city's own code, one of its counties (6 digits)
 * or a township (9 digits). Anything else is refused naming the field and the rule.
 */
export function parseArea(code: string, cityCode: string, field = 'area'): Area {
  const cityPrefix = cityCode.slice(0, 4);
  if (code === cityCode) return { code, level: 'city', countyCode: '' };
  if (/^[0-9]{6}$/.test(code) && code.startsWith(cityPrefix) && !code.endsWith('00'))
    return { code, level: 'county', countyCode: code };
  if (/^[0-9]{9}$/.test(code) && code.startsWith(cityPrefix)) {
    return { code, level: 'township', countyCode: countyOf(code) ?? code.slice(0, 6) };
  }
  throw invalidArgument(
    field,
    '本市区划代码',
    `${field} 须为本市（${cityCode}）代码、所辖6位区县代码或9位乡镇（街道）代码`,
  );
}

/** City-level staff (their codes include the city's own) see the whole city; others their counties. */
export function seesCity(actor: Actor, cityCode: string): boolean {
  return actorCoversCounty(actor, cityCode);
}

export function mayRead(actor: Actor, cityCode: string, area: Area): boolean {
  if (seesCity(actor, cityCode)) return true;
  if (area.level === 'city') return false;
  return actorCoversCounty(actor, area.countyCode) || actorCoversCounty(actor, area.code.slice(0, 6));
}

export function assertMayRead(actor: Actor, cityCode: string, area: Area): void {
  if (mayRead(actor, cityCode, area)) return;
  throw permissionDenied(
    area.level === 'city'
      ? `无权查看全市（${cityCode}）汇总：仅市级人员可查看，请按本人负责的区县查询`
      : `无权查看 ${area.code} 的数据：不在本人负责的区县范围内`,
    { area: area.code },
  );
}

/** The counties of `all` the actor may read (the whole list for city-level staff). */
export function countiesVisible(actor: Actor, cityCode: string, all: readonly string[]): string[] {
  return seesCity(actor, cityCode) ? [...all] : all.filter((c) => actorCoversCounty(actor, c));
}

/** The area a request falls back to: the city for city-level staff, else their first county of the city. */
export function defaultArea(actor: Actor, cityCode: string): string {
  if (seesCity(actor, cityCode)) return cityCode;
  const county = actor.countyCodes.find((c) => c.startsWith(cityCode.slice(0, 4)));
  if (county === undefined)
    throw permissionDenied(`无权查看监测数据：本人负责的区县不在本市（${cityCode}）`, {
      countyCodes: actor.countyCodes.join(','),
    });
  return county;
}
