import { Schema } from 'mongoose';
import { withOutbox } from '@care/events';
import type { KeyCareEntryRecord } from './key-care.types';

export const KEY_CARE_ENTRY_MODEL = 'KeyCareEntry';
export const KEY_CARE_ENTRIES_COLLECTION = 'key_care_entries';

const careActivitySchema = new Schema(
  { on: { type: String, default: null }, description: { type: String, required: true } },
  { _id: false },
);

const visitSchema = new Schema(
  {
    visitId: { type: String, required: true },
    dueOn: { type: String, required: true },
    visitedOn: { type: String, required: true },
    workerId: { type: String, required: true },
    findings: { type: String, default: '' },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * `key_care_entries`: one document per ledger entry with its visit plan and visits embedded, so
 * every change (entry, plan, visit, overdue flag) and its events are ONE document write
 * (FerretDB has no transactions). A child sees a few visits a year: the array stays small.
 */
export const keyCareEntrySchema = withOutbox(
  new Schema<KeyCareEntryRecord>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      childId: { type: String, required: true },
      countyCode: { type: String, required: true },
      townshipCode: { type: String, default: '' },
      status: { type: String, required: true },
      openSlot: { type: String, required: true },
      openedOn: { type: String, required: true },
      closedOn: { type: String, default: null },
      closeReason: { type: String, default: null },
      closeNote: { type: String, default: '' },
      difficultyTypes: { type: [String], default: [] },
      situationSummary: { type: String, default: '' },
      careActivities: { type: [careActivitySchema], default: [] },
      notes: { type: String, default: '' },
      school: { type: String, default: '' },
      grade: { type: String, default: '' },
      visitWorkerId: { type: String, default: '' },
      nextVisitId: { type: String, default: null },
      nextVisitDueOn: { type: String, default: null },
      nextVisitWorkerId: { type: String, default: '' },
      nextVisitPlannedOn: { type: String, default: null },
      overdueNotified: { type: Boolean, default: false },
      visits: { type: [visitSchema], default: [] },
      source: { type: String, required: true },
      createdBy: { type: String, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: KEY_CARE_ENTRIES_COLLECTION, versionKey: false, minimize: false, strict: true, id: false },
  ),
);

// One open entry per child (openSlot = childId while open, `closed:<entryId>` after): FerretDB has no partial indexes.
keyCareEntrySchema.index({ openSlot: 1 }, { unique: true });
// The ledger of a county / township, keyset-paged on _id (a ULID: opening order).
keyCareEntrySchema.index({ countyCode: 1, status: 1, _id: 1 });
keyCareEntrySchema.index({ countyCode: 1, townshipCode: 1, status: 1, _id: 1 });
// A child's entries (open and closed).
keyCareEntrySchema.index({ countyCode: 1, childId: 1 });
// Overdue lists and the overdue sweep: open entries whose next visit is due before a date.
keyCareEntrySchema.index({ countyCode: 1, status: 1, nextVisitDueOn: 1, _id: 1 });
