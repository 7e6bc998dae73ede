import { outboxFields } from '@care/events';
import type { ChildFacts, ListRef } from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';
import { Schema } from 'mongoose';
import type { EntitlementRecord } from './entitlement-plan';

export const CHILD_ENTITLEMENTS = 'ChildEntitlements';

/**
 * One document per child: the latest facts the registry told us (the projection), what the
 * child is owed, deliveries, and the outbox of entitlement events. Keeping all of it in one
 * document makes "facts changed -> entitlements changed -> events" one atomic write, with no
 * transaction, and makes a replayed event a no-op (its version is not above factsVersion).
 */
export interface ChildEntitlementsDocument {
  _id: string; // the registry's child id
  /** Residence county (GB/T 2260); '' when the registry does not know it. */
  countyCode: string;
  /** The registry aggregate version of `facts`: only a higher one is applied. */
  factsVersion: number;
  facts: ChildFacts;
  /** The list version the entitlements follow from (null: lives outside the city). */
  list: ListRef | null;
  items: EntitlementRecord[];
  /** Departments responsible for an unserved item; `openCount` unserved items. For the gaps report. */
  openDepartments: string[];
  openCount: number;
  /** The day an age bound changes what the child is owed (recomputed then by the sweep). */
  recomputeOn: LocalDate | null;
  /** Optimistic concurrency: every write is conditional on the rev it read. */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: unknown[];
  outboxPending: boolean;
}

export const childEntitlementsSchema = new Schema(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, default: '' },
    factsVersion: { type: Number, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    list: { type: Schema.Types.Mixed, default: null },
    items: { type: [Schema.Types.Mixed], default: [] },
    openDepartments: { type: [String], default: [] },
    openCount: { type: Number, default: 0 },
    recomputeOn: { type: String, default: null },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { versionKey: false, minimize: false, strict: true, collection: 'child_entitlements' },
);
// County paging (list publication recomputes a county in _id order) and the gaps report.
childEntitlementsSchema.index({ countyCode: 1, _id: 1 });
childEntitlementsSchema.index({ countyCode: 1, openDepartments: 1 });
childEntitlementsSchema.index({ recomputeOn: 1 });
