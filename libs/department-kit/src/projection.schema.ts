import { Schema } from 'mongoose';
import type { ChildFacts, DepartmentId } from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';
import { outboxFields, type WithOutbox } from '@care/events';

export const DEPARTMENT_CHILDREN = 'DepartmentChild';
export const DEPARTMENT_CHILDREN_COLLECTION = 'department_children';
export const DEPARTMENT_KEY_CARE = 'DepartmentKeyCare';
export const DEPARTMENT_KEY_CARE_COLLECTION = 'department_key_care';
export const DEPARTMENT_ENTITLEMENTS = 'DepartmentEntitlement';
export const DEPARTMENT_ENTITLEMENTS_COLLECTION = 'department_entitlements';

/**
 * What the department knows of a child from the registry's events: facts, never identity. Only
 * a higher registry `version` is applied (replays and out-of-order events change nothing).
 */
export interface DepartmentChildDocument {
  _id: string;
  version: number;
  countyCode: string;
  townshipCode: string;
  facts: ChildFacts;
  updatedAt: Date;
}

export const departmentChildSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    countyCode: { type: String, default: '' },
    townshipCode: { type: String, default: '' },
    facts: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: DEPARTMENT_CHILDREN_COLLECTION },
);
departmentChildSchema.index({ countyCode: 1, _id: 1 });

/** The child's key-care ledger entry (重点关爱), from the registry's key-care events. Kept apart so facts and ledger writers never race on one document. */
export interface DepartmentKeyCareDocument {
  _id: string; // child id
  entryId: string;
  open: boolean;
  /** The event instant last applied: an older event changes nothing. */
  at: string;
}

export const departmentKeyCareSchema = new Schema(
  {
    _id: { type: String, required: true },
    entryId: { type: String, required: true },
    open: { type: Boolean, required: true },
    at: { type: String, required: true },
  },
  { versionKey: false, strict: true, collection: DEPARTMENT_KEY_CARE_COLLECTION },
);

export type DeliveryOutcomeId = 'delivered' | 'refused' | 'pending';

/** The department's record of what became of one entitled item. */
export interface DeliveryState {
  readonly deliveryId: string;
  readonly revision: number;
  readonly outcome: DeliveryOutcomeId;
  readonly onDate: LocalDate;
  /** Why the family refused (required for refused); never personal data. */
  readonly reason: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** Why an entitlement left the worklist without a delivery. */
export type ClosedBy = 'withdrawn' | 'moved-out';

/**
 * One item a child is owed and this department serves (from the catalogue's entitlement
 * events), with the department's delivery record and the outbox of its delivery events.
 * `open` = owed, no final outcome (delivered or refused), child still here: the worklist.
 */
export interface DepartmentEntitlementDocument extends WithOutbox {
  _id: string; // `${childId}|${itemCode}`
  childId: string;
  itemCode: string;
  /** The item's name (服务项目名称) from the grant: the worklist shows it without asking the catalogue. */
  itemName: string;
  countyCode: string;
  departments: DepartmentId[];
  granted: boolean;
  grantedAt: string;
  grantedOn: LocalDate;
  listVersion: number;
  /** The instant of the grant or withdrawal last applied: events from the two topics may arrive out of order. */
  stateAt: string;
  closedBy: ClosedBy | null;
  withdrawnReason: string;
  dueOn: LocalDate;
  delivery: DeliveryState | null;
  history: DeliveryState[];
  open: boolean;
  rev: number;
  updatedAt: Date;
}

export const departmentEntitlementSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, default: '' },
    countyCode: { type: String, default: '' },
    departments: { type: [String], default: [] },
    granted: { type: Boolean, required: true },
    grantedAt: { type: String, default: '' },
    grantedOn: { type: String, default: '' },
    listVersion: { type: Number, default: 0 },
    stateAt: { type: String, required: true },
    closedBy: { type: String, default: null },
    withdrawnReason: { type: String, default: '' },
    dueOn: { type: String, default: '' },
    delivery: { type: Schema.Types.Mixed, default: null },
    history: { type: [Schema.Types.Mixed], default: [] },
    open: { type: Boolean, required: true },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { versionKey: false, minimize: false, strict: true, collection: DEPARTMENT_ENTITLEMENTS_COLLECTION },
);
departmentEntitlementSchema.index({ countyCode: 1, open: 1, dueOn: 1, _id: 1 });
departmentEntitlementSchema.index({ childId: 1 });
