import { Schema } from 'mongoose';
import type { IncompleteChildRecord } from './incomplete.types';

export const INCOMPLETE_CHILD_MODEL = 'IncompleteChild';
export const INCOMPLETE_CHILDREN_COLLECTION = 'incomplete_children';

export const incompleteChildSchema = new Schema<IncompleteChildRecord>(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    personal: { type: Schema.Types.Mixed, required: true },
    guardians: { type: Schema.Types.Mixed, default: () => [] },
    sex: String,
    sheetAge: Number,
    sheetAgeOn: { type: String, required: true },
    hukouDivisionCode: String,
    residenceDivisionCode: { type: String, required: true },
    movedInOn: { type: String, required: true },
    movedOutOn: String,
    accompaniedBy: { type: String, required: true },
    difficultyTypes: { type: [String], default: [] },
    askedForHelp: { type: Boolean, default: false },
    education: { type: Schema.Types.Mixed, default: () => ({ school: '', grade: '' }) },
    ledger: { type: Schema.Types.Mixed, required: false },
    missing: { type: [String], default: [] },
    matchKeys: { type: Schema.Types.Mixed, required: true },
    importFingerprint: { type: String, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: INCOMPLETE_CHILDREN_COLLECTION, versionKey: false, id: false },
);
// The county's worklist in creation order.
incompleteChildSchema.index({ countyCode: 1, _id: 1 });
