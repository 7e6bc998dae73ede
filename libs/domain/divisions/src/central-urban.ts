/**
 * Which municipal districts (市辖区) form each city's central urban area (城市中心城区).
 * Moves between districts of one central urban area do not make a child a migrant child
 * (MISSION.md core rule 1), and which districts count is decided by each city: this is
 * configuration, not a fact of the division codes.
 */
export type CentralUrbanConfig = { cityCode: string; districtCodes: string[] }[];

/**
 * Heze's default: 牡丹区 and 定陶区. A reading of the city's plan, configurable per deployment;
 * confirm with the city before relying on it.
 */
export const HEZE_CENTRAL_URBAN: CentralUrbanConfig = [
  { cityCode: '371700', districtCodes: ['371702', '371703'] },
];

/** Whether two current county codes both lie in the same configured central urban area. */
export function inSameCentralUrbanArea(
  countyA: string,
  countyB: string,
  config: CentralUrbanConfig,
): boolean {
  return config.some((city) => city.districtCodes.includes(countyA) && city.districtCodes.includes(countyB));
}
