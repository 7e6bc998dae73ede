import { Schema } from 'mongoose';
import type { LocalDate } from '@care/child-rules';
import type { SettlementFilingType } from '@care/health-rules';

export const SETTLEMENT_FILINGS = 'MedicalSettlementFiling';
export const SETTLEMENT_FILINGS_COLLECTION = 'medical_settlement_filings';

/** `${childId}|${insuredRegionCode}|${startDate}`: a replayed filing finds itself. */
export function settlementFilingId(childId: string, insuredRegionCode: string, startDate: LocalDate): string {
  return `${childId}|${insuredRegionCode}|${startDate}`;
}

/**
 * 异地就医备案 of a child insured at the hukou place who lives in the county: written once
 * (insert only), listed per county by its last valid day (expiring soon first).
 */
export interface SettlementFilingDocument {
  _id: string;
  childId: string;
  countyCode: string;
  townshipCode: string;
  type: SettlementFilingType;
  insuredRegionCode: string;
  startDate: LocalDate;
  validUntil: LocalDate;
  /** The officer's user id, never a name. */
  recordedBy: string;
  recordedAt: Date;
}

export const settlementFilingSchema = new Schema(
  {
    _id: { type: String, required: true },
    childId: { type: String, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    type: { type: String, required: true },
    insuredRegionCode: { type: String, required: true },
    startDate: { type: String, required: true },
    validUntil: { type: String, required: true },
    recordedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: SETTLEMENT_FILINGS_COLLECTION },
);
settlementFilingSchema.index({ countyCode: 1, validUntil: 1, _id: 1 });
settlementFilingSchema.index({ countyCode: 1, childId: 1 });
