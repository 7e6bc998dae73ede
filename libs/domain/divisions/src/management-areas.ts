import { resolveDivision } from './divisions';

/**
 * A management area (管理区, e.g. 鲁西新区): a named set of townships drawn from one or more
 * districts. It is not an administrative division, so it is a dimension of its own and never
 * a code prefix. Membership is configuration (src/data/management-areas.json).
 */
export interface ManagementArea {
  id: string;
  name: string;
  cityCode: string;
  /** The unit that acts as a county for this area (鲁西新区社会事业局). */
  countyLevelUnit?: string;
  townshipCodes: readonly string[];
}

interface RawManagementAreas {
  areas: ManagementArea[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const raw: RawManagementAreas = require('./data/management-areas.json');

for (const area of raw.areas) {
  for (const code of area.townshipCodes) {
    if (resolveDivision(code)?.level !== 'township') {
      throw new Error(`management area ${area.id}: ${code} is not a known township code`);
    }
  }
}

export const MANAGEMENT_AREAS: readonly ManagementArea[] = Object.freeze(
  raw.areas.map((a) => Object.freeze({ ...a, townshipCodes: Object.freeze([...a.townshipCodes]) })),
);

const areaByTownship = new Map<string, ManagementArea>();
for (const area of MANAGEMENT_AREAS) for (const code of area.townshipCodes) areaByTownship.set(code, area);

/** The management area a township (9-digit code, or a longer village code) lies in, if any. */
export function managementAreaOf(
  townshipCode: string,
  areas: readonly ManagementArea[] = MANAGEMENT_AREAS,
): ManagementArea | undefined {
  const code = townshipCode.trim().slice(0, 9);
  if (areas === MANAGEMENT_AREAS) return areaByTownship.get(code);
  return areas.find((area) => area.townshipCodes.includes(code));
}
