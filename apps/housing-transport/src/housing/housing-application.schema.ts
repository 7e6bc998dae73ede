import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type {
  HousingApplicationFacts,
  HousingAssessment,
  HousingStatus,
} from '@care/housing-transport-rules';

export const HOUSING_APPLICATIONS = 'HousingApplication';
export const HOUSING_APPLICATIONS_COLLECTION = 'housing_applications';

export interface HousingStep {
  readonly to: HousingStatus;
  readonly on: LocalDate;
  readonly by: string;
  readonly at: string;
  readonly note: string;
}

/**
 * A family's application for housing security (住房保障) on behalf of a migrant child: the facts
 * declared, the assessment against the county's standard at submission, and every step. One
 * open application per child (`openKey` is unique: the child id while open). Written only
 * conditionally on `rev`.
 */
export interface HousingApplicationDocument {
  _id: string; // ulid
  childId: string;
  countyCode: string;
  facts: HousingApplicationFacts;
  assessment: HousingAssessment;
  /** The standard applied (the county policy's `source`). */
  policySource: string;
  status: HousingStatus;
  openKey: string;
  submittedOn: LocalDate;
  /** The waiting list's order: the approval date (public rental). */
  waitingSince: LocalDate | null;
  unitCode: string | null;
  /** The HZ-11 delivery was recorded in the department's records (the catalogue closes the gap). */
  deliveryRecorded: boolean;
  steps: HousingStep[];
  rev: number;
  updatedAt: Date;
}

export const housingApplicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    countyCode: { type: String, required: true },
    facts: { type: Schema.Types.Mixed, required: true },
    assessment: { type: Schema.Types.Mixed, required: true },
    policySource: { type: String, required: true },
    status: { type: String, required: true },
    openKey: { type: String, required: true },
    submittedOn: { type: String, required: true },
    waitingSince: { type: String, default: null },
    unitCode: { type: String, default: null },
    deliveryRecorded: { type: Boolean, default: false },
    steps: { type: [Schema.Types.Mixed], default: [] },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: HOUSING_APPLICATIONS_COLLECTION },
);
housingApplicationSchema.index({ openKey: 1 }, { unique: true });
housingApplicationSchema.index({ countyCode: 1, status: 1, waitingSince: 1, _id: 1 });
housingApplicationSchema.index({ childId: 1 });
