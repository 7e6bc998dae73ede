import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';

export const IMMUNISATION_DOSES = 'ImmunisationDose';
export const IMMUNISATION_DOSES_COLLECTION = 'immunisation_doses';

/** `${childId}|${vaccine}|${dose}`: the natural key, so a replayed record finds itself. */
export function doseId(childId: string, vaccine: string, dose: number): string {
  return `${childId}|${vaccine}|${dose}`;
}

/**
 * One dose given to a child (接种记录), recorded by a health officer. The `_id` is the natural
 * key child + vaccine + dose number: a dose is written once (insert only, never updated, so
 * FerretDB v1's unlocked read-modify-write never applies), a replay hits the key and changes
 * nothing. `countyCode` is the child's county when the dose was recorded (scope of the record).
 */
export interface ImmunisationDoseDocument {
  _id: string;
  childId: string;
  /** Vaccine code of the schedule (HepB, BCG, IPV, …; @care/health-rules). */
  vaccine: string;
  dose: number;
  date: LocalDate;
  countyCode: string;
  /** The officer's user id (x-user-id), never a name. */
  recordedBy: string;
  recordedAt: Date;
}

export const immunisationDoseSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    vaccine: { type: String, required: true },
    dose: { type: Number, required: true },
    date: { type: String, required: true },
    countyCode: { type: String, required: true },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, strict: true, collection: IMMUNISATION_DOSES_COLLECTION },
);
immunisationDoseSchema.index({ childId: 1 });
immunisationDoseSchema.index({ countyCode: 1, childId: 1 });
