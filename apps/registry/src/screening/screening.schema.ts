import { Schema } from 'mongoose';
import type { ScreeningAssignmentRecord, ScreeningRoundRecord } from './screening.types';

export const SCREENING_ROUND_MODEL = 'ScreeningRound';
export const SCREENING_ROUNDS_COLLECTION = 'screening_rounds';
export const SCREENING_ASSIGNMENT_MODEL = 'ScreeningAssignment';
export const SCREENING_ASSIGNMENTS_COLLECTION = 'screening_assignments';

const townshipAssignmentSchema = new Schema(
  {
    townshipCode: { type: String, required: true },
    workerId: { type: String, required: true },
    workerKind: { type: String, required: true },
    workerName: { type: String, default: '' },
    assignedOn: { type: String, required: true },
    children: { type: Number, default: 0 },
  },
  { _id: false },
);

const summarySchema = new Schema(
  {
    assigned: { type: Number, required: true },
    found: { type: Number, required: true },
    confirmed: { type: Number, required: true },
    notFound: { type: Number, required: true },
    notYetVisited: { type: Number, required: true },
    covered: { type: Number, required: true },
  },
  { _id: false },
);

export const screeningRoundSchema = new Schema<ScreeningRoundRecord>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    countyCode: { type: String, required: true },
    period: { type: String, required: true },
    status: { type: String, required: true },
    openSlot: { type: String, required: true },
    openedOn: { type: String, required: true },
    openedBy: { type: String, required: true },
    closedOn: { type: String, default: null },
    closedBy: { type: String, default: '' },
    townships: { type: [townshipAssignmentSchema], default: [] },
    summary: { type: summarySchema, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: SCREENING_ROUNDS_COLLECTION, versionKey: false, minimize: false, strict: true, id: false },
);

// One open round per county and half-year.
screeningRoundSchema.index({ openSlot: 1 }, { unique: true });
screeningRoundSchema.index({ countyCode: 1, status: 1, period: 1 });
screeningRoundSchema.index({ countyCode: 1, period: 1, _id: 1 });

export const screeningAssignmentSchema = new Schema<ScreeningAssignmentRecord>(
  {
    _id: { type: String, required: true },
    roundId: { type: String, required: true },
    countyCode: { type: String, required: true },
    townshipCode: { type: String, default: '' },
    childId: { type: String, required: true },
    workerId: { type: String, required: true },
    workerKind: { type: String, required: true },
    assignedOn: { type: String, required: true },
    outcome: { type: String, default: null },
    visitedOn: { type: String, default: null },
    resultWorkerId: { type: String, default: '' },
    note: { type: String, default: '' },
    recordedBy: { type: String, default: '' },
    recordedAt: { type: Date, default: null },
    resultVersion: { type: Number, default: 0 },
    verificationPending: { type: Boolean, default: false },
    updatedAt: { type: Date, required: true },
  },
  {
    collection: SCREENING_ASSIGNMENTS_COLLECTION,
    versionKey: false,
    minimize: false,
    strict: true,
    id: false,
  },
);

// Tallies and lists of a round, per outcome and per township / worker.
screeningAssignmentSchema.index({ countyCode: 1, roundId: 1, outcome: 1, _id: 1 });
screeningAssignmentSchema.index({ countyCode: 1, roundId: 1, townshipCode: 1, _id: 1 });
screeningAssignmentSchema.index({ countyCode: 1, roundId: 1, childId: 1 });
// The repair pass: results whose verification has not reached the child record yet.
screeningAssignmentSchema.index({ countyCode: 1, verificationPending: 1 });
