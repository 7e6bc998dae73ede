import { Schema } from 'mongoose';
import type { School } from '@care/education-rules';

export const SCHOOLS = 'School';
export const SCHOOLS_COLLECTION = 'schools';

/** A school of the county's list (学校名单), keyed by its 学校标识码. */
export interface SchoolDocument extends Omit<School, 'code'> {
  _id: string; // 学校标识码
  importedBy: string;
  updatedAt: Date;
}

export const schoolSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    countyCode: { type: String, required: true },
    stages: { type: [String], required: true },
    ownership: { type: String, required: true },
    kindergartenKind: { type: String },
    special: { type: Boolean, required: true },
    governmentPurchasedPlaces: { type: Boolean, required: true },
    importedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: true, collection: SCHOOLS_COLLECTION },
);
schoolSchema.index({ countyCode: 1, _id: 1 });

export function schoolOf(doc: SchoolDocument): School {
  return {
    code: doc._id,
    name: doc.name,
    countyCode: doc.countyCode,
    stages: doc.stages,
    ownership: doc.ownership,
    ...(doc.kindergartenKind === undefined ? {} : { kindergartenKind: doc.kindergartenKind }),
    special: doc.special,
    governmentPurchasedPlaces: doc.governmentPurchasedPlaces,
  };
}
