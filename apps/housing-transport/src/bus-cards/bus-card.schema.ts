import { Schema } from 'mongoose';
import type { EducationStage } from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';
import type { BusCardRevocation } from '@care/housing-transport-rules';

export const BUS_CARDS = 'BusCard';
export const BUS_CARDS_COLLECTION = 'bus_cards';

/**
 * A student bus card (学生公交卡): one per child, school year and school, with the school as
 * education recorded it when the card was issued. Written only conditionally on `rev`.
 */
export interface BusCardDocument {
  _id: string; // `${childId}|${schoolYear}|${schoolCode}`
  cardNumber: string;
  childId: string;
  /** The school's county: its transport bureau issued the card. */
  countyCode: string;
  schoolCode: string;
  schoolName: string;
  stage: EducationStage;
  grade: string;
  schoolYear: string;
  validFrom: LocalDate;
  validUntil: LocalDate;
  status: 'active' | 'revoked';
  revokedReason: BusCardRevocation | null;
  revokedAt: string | null;
  /** The education enrolment revision the card was issued from: older changes are ignored. */
  enrolmentRevision: number;
  issuedBy: string;
  issuedAt: string;
  rev: number;
  updatedAt: Date;
}

export const busCardSchema = new Schema(
  {
    _id: { type: String, required: true },
    cardNumber: { type: String, required: true },
    childId: { type: String, required: true },
    countyCode: { type: String, required: true },
    schoolCode: { type: String, required: true },
    schoolName: { type: String, required: true },
    stage: { type: String, required: true },
    grade: { type: String, default: '' },
    schoolYear: { type: String, required: true },
    validFrom: { type: String, required: true },
    validUntil: { type: String, required: true },
    status: { type: String, required: true },
    revokedReason: { type: String, default: null },
    revokedAt: { type: String, default: null },
    enrolmentRevision: { type: Number, required: true },
    issuedBy: { type: String, required: true },
    issuedAt: { type: String, required: true },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: BUS_CARDS_COLLECTION },
);
busCardSchema.index({ cardNumber: 1 }, { unique: true });
busCardSchema.index({ childId: 1, status: 1 });
busCardSchema.index({ countyCode: 1, status: 1, _id: 1 });
