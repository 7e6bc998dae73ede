import {
  departmentFromProto,
  difficultyTypeFromProto,
  educationStageFromProto,
  type DepartmentId,
  type DifficultyType,
  type EducationStage,
} from '@care/catalogue';
import { completedYears, isLocalDate, shanghaiDate, type LocalDate } from '@care/child-rules';
import { common } from '@care/contracts';
import { ageBandOf, type AgeBandCode } from './age-bands';

// The filtering projection (字段最小化): the ONLY shapes monitoring stores. Every event is cut
// down here to codes, dates, flags and counts before anything is written; the per-child state
// keeps the child id (to de-duplicate and to move a child between buckets), the county and
// township codes, the age band, the hukou province and the difficulty codes, plus the version
// and the flags and days the KPIs count by. No name, ID number, birth date, address, school,
// worker, guardian or free text ever reaches a store (projection.spec.ts, filtering.int-spec.ts).

/** One child as monitoring knows it (monitoring_children). */
export interface ChildState {
  readonly childId: string;
  /** The registry's aggregate version of the facts held (the highest seen). */
  readonly version: number;
  readonly countyCode: string;
  /** 9 digits, or '' when the registry does not know it. */
  readonly townshipCode: string;
  readonly ageBand: AgeBandCode;
  /** Province of the household registration (户籍地), `41` → '410000'; '' when unknown. */
  readonly hukouProvince: string;
  readonly difficultyCodes: readonly DifficultyType[];
  readonly migrant: boolean;
  readonly movedOut: boolean;
  /** Day of registration ('' until the ChildRegistered event is seen). */
  readonly registeredOn: LocalDate | '';
  /** Latest day the record was verified (registration or a screening result), '' when never seen. */
  readonly lastVerifiedOn: LocalDate | '';
}

/** What one registry event says about a child, already cut down. */
export interface ChildUpdate {
  readonly facts: Omit<ChildState, 'registeredOn' | 'lastVerifiedOn'>;
  readonly registeredOn?: LocalDate;
  readonly verifiedOn?: LocalDate;
}

/** A key-care ledger entry (重点关爱台账), monitoring_key_care. */
export interface KeyCareState {
  readonly entryId: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly difficultyCodes: readonly DifficultyType[];
  readonly open: boolean;
  /** Instant of the event applied last (ISO-8601). */
  readonly at: string;
}

export interface KeyCareUpdate {
  readonly entryId: string;
  readonly childId: string;
  readonly countyCode: string;
  /** Absent on a closing event (it does not carry them). */
  readonly townshipCode?: string;
  readonly difficultyCodes?: readonly DifficultyType[];
  readonly open: boolean;
  readonly at: string;
}

/** A planned key-care visit (定期走访), monitoring_visits. */
export interface VisitState {
  readonly visitId: string;
  readonly entryId: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly townshipCode: string;
  readonly dueOn: LocalDate | '';
  readonly visitedOn: LocalDate | '';
}

export type VisitUpdate = Partial<Pick<VisitState, 'townshipCode' | 'dueOn' | 'visitedOn'>> &
  Pick<VisitState, 'visitId' | 'entryId' | 'childId' | 'countyCode'>;

export type DeliveryOutcomeId = 'delivered' | 'refused' | 'pending';

/** One department's record of what became of an entitled item (no reason text is kept). */
export interface DeliveryRecordState {
  readonly deliveryId: string;
  readonly department: DepartmentId | '';
  readonly outcome: DeliveryOutcomeId;
  readonly onDate: LocalDate;
  readonly revision: number;
}

/** An entitlement (应享服务) of a child and its deliveries, monitoring_entitlements. */
export interface EntitlementState {
  readonly childId: string;
  readonly itemCode: string;
  readonly countyCode: string;
  readonly departments: readonly DepartmentId[];
  readonly granted: boolean;
  readonly grantedOn: LocalDate | '';
  /** Instant of the grant or withdrawal applied last ('' while only deliveries are known). */
  readonly stateAt: string;
  readonly deliveries: readonly DeliveryRecordState[];
}

export interface GrantUpdate {
  readonly childId: string;
  readonly itemCode: string;
  readonly countyCode: string;
  readonly departments: readonly DepartmentId[];
  readonly granted: boolean;
  readonly at: string;
}

export interface DeliveryUpdate {
  readonly childId: string;
  readonly itemCode: string;
  readonly countyCode: string;
  readonly record: DeliveryRecordState;
}

/** A child's current enrolment (education's EnrolmentChanged), monitoring_enrolments. */
export interface EnrolmentState {
  readonly childId: string;
  readonly countyCode: string;
  readonly stage: EducationStage;
  readonly ended: boolean;
  readonly revision: number;
}

/** A message that breaks its contract: the consumer dead-letters it (never retried). */
export class ContractViolation extends Error {}

const COUNTY = /^[0-9]{6}$/;
const TOWNSHIP = /^[0-9]{9}$/;

export function requireText(value: string, field: string): string {
  if (value.trim() === '') throw new ContractViolation(`${field} is required`);
  return value;
}

export function requireCounty(value: string, field: string): string {
  if (!COUNTY.test(value)) throw new ContractViolation(`${field} must be a 6-digit GB/T 2260 code`);
  return value;
}

function optionalTownship(value: string, field: string): string {
  if (value !== '' && !TOWNSHIP.test(value))
    throw new ContractViolation(`${field} must be a 9-digit township code or empty`);
  return value;
}

/** The Asia/Shanghai day of an ISO-8601 instant (or a plain YYYY-MM-DD). */
export function dayOf(value: string, field: string): LocalDate {
  if (isLocalDate(value)) return value;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new ContractViolation(`${field} is not an ISO-8601 instant or date`);
  return shanghaiDate(new Date(ms));
}

export function requireInstant(value: string, field: string): string {
  dayOf(value, field);
  if (isLocalDate(value)) throw new ContractViolation(`${field} must be an instant, not a date`);
  return value;
}

function difficulties(values: readonly number[]): DifficultyType[] {
  const found = values.map(difficultyTypeFromProto).filter((d): d is DifficultyType => d !== undefined);
  return [...new Set(found)].sort();
}

function departments(values: readonly number[]): DepartmentId[] {
  const found = values.map(departmentFromProto).filter((d): d is DepartmentId => d !== undefined);
  return [...new Set(found)].sort();
}

/** '410102' → '410000': the province of a hukou county code ('' when not a code). */
export function hukouProvinceOf(hukouCountyCode: string): string {
  return COUNTY.test(hukouCountyCode) ? `${hukouCountyCode.slice(0, 2)}0000` : '';
}

/** common.v1.ChildFacts cut down to what monitoring keeps; `onDay` is the day the facts describe (age band). */
export function projectChildFacts(
  facts: common.ChildFacts | undefined,
  onDay: LocalDate,
): ChildUpdate['facts'] {
  if (facts === undefined) throw new ContractViolation('facts are required');
  const childId = requireText(facts.childId, 'facts.child_id');
  const version = Number(facts.version);
  if (!Number.isSafeInteger(version) || version < 1)
    throw new ContractViolation('facts.version must be a positive integer');
  if (!isLocalDate(facts.birthDate)) throw new ContractViolation('facts.birth_date must be YYYY-MM-DD');
  return {
    childId,
    version,
    countyCode: requireCounty(facts.residenceCountyCode, 'facts.residence_county_code'),
    townshipCode: optionalTownship(facts.residenceTownshipCode, 'facts.residence_township_code'),
    ageBand: ageBandOf(completedYears(facts.birthDate, onDay)),
    hukouProvince: hukouProvinceOf(facts.hukouCountyCode),
    difficultyCodes: difficulties(facts.difficultyTypes),
    migrant: facts.isMigrant,
    movedOut: facts.movedOut,
  };
}

export function earliest(a: LocalDate | '', b: LocalDate | undefined): LocalDate | '' {
  if (b === undefined) return a;
  return a === '' || b < a ? b : a;
}

function latest(a: LocalDate | '', b: LocalDate | undefined): LocalDate | '' {
  if (b === undefined) return a;
  return a === '' || b > a ? b : a;
}

function sameChild(a: ChildState, b: ChildState): boolean {
  return (
    a.version === b.version &&
    a.countyCode === b.countyCode &&
    a.townshipCode === b.townshipCode &&
    a.ageBand === b.ageBand &&
    a.hukouProvince === b.hukouProvince &&
    a.difficultyCodes.join(',') === b.difficultyCodes.join(',') &&
    a.migrant === b.migrant &&
    a.movedOut === b.movedOut &&
    a.registeredOn === b.registeredOn &&
    a.lastVerifiedOn === b.lastVerifiedOn
  );
}

/**
 * The child's next state, or null when the event changes nothing. The facts follow the highest
 * registry version (an older or repeated event leaves them); the two days are merged (earliest
 * registration, latest verification), so the four registry topics may arrive in any order and
 * any number of times with one result.
 */
export function mergeChild(current: ChildState | null, update: ChildUpdate): ChildState | null {
  const facts = current === null || update.facts.version > current.version ? update.facts : current;
  const next: ChildState = {
    childId: facts.childId,
    version: facts.version,
    countyCode: facts.countyCode,
    townshipCode: facts.townshipCode,
    ageBand: facts.ageBand,
    hukouProvince: facts.hukouProvince,
    difficultyCodes: [...facts.difficultyCodes],
    migrant: facts.migrant,
    movedOut: facts.movedOut,
    registeredOn: earliest(current?.registeredOn ?? '', update.registeredOn),
    lastVerifiedOn: latest(current?.lastVerifiedOn ?? '', update.verifiedOn),
  };
  return current !== null && sameChild(current, next) ? null : next;
}

function laterInstant(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/** Ledger entries by event instant; at the same instant a close wins (it is final). */
export function mergeKeyCare(current: KeyCareState | null, update: KeyCareUpdate): KeyCareState | null {
  if (current !== null) {
    const order = laterInstant(update.at, current.at);
    if (order < 0) return null;
    if (order === 0 && (update.open || !current.open)) return null;
  }
  return {
    entryId: update.entryId,
    childId: update.childId,
    countyCode: update.countyCode,
    // A close names no township: keep the entry's, unless the close names another county.
    townshipCode:
      update.townshipCode ?? (current?.countyCode === update.countyCode ? current.townshipCode : ''),
    difficultyCodes: [...(update.difficultyCodes ?? current?.difficultyCodes ?? [])],
    open: update.open,
    at: update.at,
  };
}

/** Whether a visit state's place came from a plan (VisitPlanned / VisitOverdue carry the township). */
function plannedPlace(update: VisitUpdate): boolean {
  return update.townshipCode !== undefined;
}

/**
 * Visits: a due day once planned, a visit day once recorded (the earliest); commutative and
 * idempotent. The place (county and township, always together so a township never counts under
 * another county) is the plan's; a VisitRecorded names only a county, used until the plan is seen.
 */
export function mergeVisit(current: VisitState | null, update: VisitUpdate): VisitState | null {
  const place =
    current !== null && !(plannedPlace(update) && current.dueOn === '')
      ? current
      : { countyCode: update.countyCode, townshipCode: update.townshipCode ?? '' };
  const next: VisitState = {
    visitId: update.visitId,
    entryId: update.entryId,
    childId: update.childId,
    countyCode: place.countyCode,
    townshipCode: place.townshipCode,
    dueOn: current?.dueOn || update.dueOn || '',
    visitedOn: earliest(current?.visitedOn ?? '', update.visitedOn || undefined),
  };
  if (
    current !== null &&
    current.countyCode === next.countyCode &&
    current.townshipCode === next.townshipCode &&
    current.dueOn === next.dueOn &&
    current.visitedOn === next.visitedOn
  )
    return null;
  return next;
}

function emptyEntitlement(childId: string, itemCode: string, countyCode: string): EntitlementState {
  return {
    childId,
    itemCode,
    countyCode,
    departments: [],
    granted: false,
    grantedOn: '',
    stateAt: '',
    deliveries: [],
  };
}

/**
 * Grants and withdrawals by instant; at the same instant a withdrawal wins. The catalogue announces
 * a reassignment (new responsible departments) as a grant carrying the item's original grant
 * instant, so a grant at the same instant as the one held still moves the item to its departments.
 * The grant day is the day the item became owed: a reassignment or repeat keeps it (the gap's age).
 */
export function mergeGrant(current: EntitlementState | null, update: GrantUpdate): EntitlementState | null {
  const base = current ?? emptyEntitlement(update.childId, update.itemCode, update.countyCode);
  const departments = update.departments.length > 0 ? [...update.departments] : [...base.departments];
  if (base.stateAt !== '') {
    const order = laterInstant(update.at, base.stateAt);
    if (order < 0) return null;
    if (order === 0 && !base.granted) return null;
    if (
      order === 0 &&
      update.granted &&
      update.countyCode === base.countyCode &&
      departments.join(',') === base.departments.join(',')
    )
      return null;
  }
  return {
    ...base,
    countyCode: update.countyCode,
    departments,
    granted: update.granted,
    grantedOn: !update.granted
      ? base.grantedOn
      : base.granted && base.grantedOn !== ''
        ? base.grantedOn
        : dayOf(update.at, 'granted_at'),
    stateAt: update.at,
  };
}

/** Delivery records by id, each keeping its highest revision. */
export function mergeDelivery(
  current: EntitlementState | null,
  update: DeliveryUpdate,
): EntitlementState | null {
  const base = current ?? emptyEntitlement(update.childId, update.itemCode, update.countyCode);
  const existing = base.deliveries.find((d) => d.deliveryId === update.record.deliveryId);
  if (existing !== undefined && existing.revision >= update.record.revision) return null;
  const deliveries = [
    ...base.deliveries.filter((d) => d.deliveryId !== update.record.deliveryId),
    update.record,
  ].sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
  return { ...base, countyCode: base.countyCode || update.countyCode, deliveries };
}

/** Enrolments by education's revision. */
export function mergeEnrolment(
  current: EnrolmentState | null,
  update: EnrolmentState,
): EnrolmentState | null {
  if (current !== null && update.revision <= current.revision) return null;
  return { ...update };
}

// ---- from the contracts' messages to updates (validated: a violation is dead-lettered)

export function keyCareUpdateFromChanged(message: {
  childId: string;
  entryId: string;
  countyCode: string;
  townshipCode: string;
  difficultyTypes: number[];
  changedAt: string;
}): KeyCareUpdate {
  return {
    entryId: requireText(message.entryId, 'entry_id'),
    childId: requireText(message.childId, 'child_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    townshipCode: optionalTownship(message.townshipCode, 'township_code'),
    difficultyCodes: difficulties(message.difficultyTypes),
    open: true,
    at: requireInstant(message.changedAt, 'changed_at'),
  };
}

export function keyCareUpdateFromClosed(message: {
  childId: string;
  entryId: string;
  countyCode: string;
  closedAt: string;
}): KeyCareUpdate {
  return {
    entryId: requireText(message.entryId, 'entry_id'),
    childId: requireText(message.childId, 'child_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    open: false,
    at: requireInstant(message.closedAt, 'closed_at'),
  };
}

export function visitUpdate(
  message: { childId: string; entryId: string; visitId: string; countyCode: string; townshipCode?: string },
  days: { dueOn?: string; visitedOn?: string },
): VisitUpdate {
  const due = days.dueOn === undefined ? undefined : dayOf(days.dueOn, 'due_on');
  const visited = days.visitedOn === undefined ? undefined : dayOf(days.visitedOn, 'visited_on');
  return {
    visitId: requireText(message.visitId, 'visit_id'),
    entryId: requireText(message.entryId, 'entry_id'),
    childId: requireText(message.childId, 'child_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    ...(message.townshipCode === undefined
      ? {}
      : { townshipCode: optionalTownship(message.townshipCode, 'township_code') }),
    ...(due === undefined ? {} : { dueOn: due }),
    ...(visited === undefined ? {} : { visitedOn: visited }),
  };
}

export function grantUpdate(
  message: { childId: string; countyCode: string; itemCode: string; departments: number[] },
  granted: boolean,
  at: string,
): GrantUpdate {
  return {
    childId: requireText(message.childId, 'child_id'),
    itemCode: requireText(message.itemCode, 'item_code'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    departments: departments(message.departments),
    granted,
    at: requireInstant(at, granted ? 'granted_at' : 'withdrawn_at'),
  };
}

function outcomeOf(value: common.DeliveryOutcome): DeliveryOutcomeId {
  switch (value) {
    case common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED:
      return 'delivered';
    case common.DeliveryOutcome.DELIVERY_OUTCOME_REFUSED:
      return 'refused';
    case common.DeliveryOutcome.DELIVERY_OUTCOME_PENDING:
      return 'pending';
    case common.DeliveryOutcome.DELIVERY_OUTCOME_UNSPECIFIED:
    default:
      throw new ContractViolation('outcome must be DELIVERED, REFUSED or PENDING');
  }
}

/** common.v1.ServiceDeliveryRecorded without its reason text (free text is never kept). */
export function deliveryUpdate(message: common.ServiceDeliveryRecorded): DeliveryUpdate {
  return {
    childId: requireText(message.childId, 'child_id'),
    itemCode: requireText(message.itemCode, 'item_code'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    record: {
      deliveryId: requireText(message.deliveryId, 'delivery_id'),
      department: departmentFromProto(message.department) ?? '',
      outcome: outcomeOf(message.outcome),
      onDate: dayOf(message.onDate, 'on_date'),
      revision: message.revision,
    },
  };
}

export function enrolmentUpdate(message: {
  childId: string;
  countyCode: string;
  stage: number;
  ended: boolean;
  revision: number;
}): EnrolmentState {
  return {
    childId: requireText(message.childId, 'child_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    stage: educationStageFromProto(message.stage),
    ended: message.ended,
    revision: message.revision,
  };
}
