// The service list (服务清单) and its gaps (应享未享) as apps/services-catalog answers them
// (service-lists.controller listView, gaps.service GapRow / GapSummaryRow). Pure, unit-tested.

export interface CatalogueItem {
  readonly code: string;
  readonly area: string;
  readonly targetGroup: string;
  readonly name: string;
  readonly content: string;
  readonly departments: readonly string[];
  readonly departmentNames: readonly string[];
  readonly eligibilityText: string;
  readonly nationalBasic: boolean;
}

export interface CatalogueList {
  readonly divisionCode: string;
  readonly level: 'city' | 'county';
  readonly version: number;
  readonly status: 'draft' | 'published';
  readonly title: string;
  readonly effectiveFrom: string | null;
  readonly publishedAt: string | null;
  readonly items: readonly CatalogueItem[];
  /** On `current`: the county's own list, or the city's while the county has published none. */
  readonly source?: 'county' | 'city';
}

export interface ListVersionSummary {
  readonly divisionCode: string;
  readonly version: number;
  readonly status: 'draft' | 'published';
  readonly title: string;
  readonly effectiveFrom: string | null;
  readonly publishedAt: string | null;
  readonly itemCount: number;
  readonly applied: boolean;
}

export interface GapRow {
  readonly childId: string;
  readonly countyCode: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly departments: readonly string[];
  readonly grantedOn: string;
  readonly daysOpen: number;
}

export interface GapPage {
  readonly asOf: string;
  readonly gaps: readonly GapRow[];
  readonly nextCursor: string | null;
}

export interface GapSummaryRow {
  readonly countyCode: string;
  readonly department: string;
  readonly departmentName: string;
  readonly unserved: number;
  readonly oldestDays: number;
  readonly averageDays: number;
}

/**
 * Whether the person may draft, edit and publish the division's list (catalogue-permissions
 * 'list.write'): a civil-affairs admin whose counties contain the division's code (the city's own
 * code for the basic list; a county code never covers the city list, nor the city's code a county's).
 */
export function canWriteList(role: string, countyCodes: readonly string[], divisionCode: string): boolean {
  return role === 'civil-affairs-admin' && countyCodes.includes(divisionCode);
}

/** Gaps (应享未享) are read by every role but the auditor ('gaps.read'). */
export function canReadGaps(role: string): boolean {
  return role !== 'auditor';
}

/** The open draft among the versions (one at a time), if any. */
export function openDraft(versions: readonly ListVersionSummary[]): ListVersionSummary | undefined {
  return versions.find((v) => v.status === 'draft');
}

/** The newest published version, if any. */
export function latestPublished(versions: readonly ListVersionSummary[]): ListVersionSummary | undefined {
  return versions
    .filter((v) => v.status === 'published')
    .reduce<ListVersionSummary | undefined>(
      (a, b) => (a === undefined || b.version > a.version ? b : a),
      undefined,
    );
}

/** The fields of an item edit that differ from the item (an absent field keeps the stored one). */
export function itemPatch(
  item: Pick<CatalogueItem, 'name' | 'targetGroup' | 'content' | 'departments'>,
  values: { name: string; targetGroup: string; content: string; departments: readonly string[] },
): Partial<{ name: string; targetGroup: string; content: string; departments: string[] }> {
  const patch: Partial<{ name: string; targetGroup: string; content: string; departments: string[] }> = {};
  if (values.name.trim() !== item.name) patch.name = values.name.trim();
  if (values.targetGroup.trim() !== item.targetGroup) patch.targetGroup = values.targetGroup.trim();
  if (values.content.trim() !== item.content) patch.content = values.content.trim();
  const same =
    values.departments.length === item.departments.length &&
    values.departments.every((d) => item.departments.includes(d));
  if (!same) patch.departments = [...values.departments];
  return patch;
}
