import { Schema } from 'mongoose';
import { withOutbox } from '@care/events';
import type { ChildRecord } from './child.types';

export const CHILD_MODEL = 'Child';
export const CHILDREN_COLLECTION = 'children';

const personalSchema = new Schema(
  {
    name: { type: String, required: true },
    idNumber: { type: String, required: false },
    hukouAddress: { type: String, default: '' },
    residenceAddress: { type: String, default: '' },
  },
  { _id: false },
);

const guardianSchema = new Schema(
  {
    name: { type: String, required: true },
    relation: { type: String, default: '' },
    phone: { type: String, default: '' },
  },
  { _id: false },
);

const residencePeriodSchema = new Schema(
  {
    divisionCode: { type: String, required: true },
    movedInOn: { type: String, required: true },
    movedOutOn: { type: String, required: false },
  },
  { _id: false },
);

const circumstancesSchema = new Schema(
  {
    disabled: { type: Boolean, default: false },
    orphan: { type: Boolean, default: false },
    scatteredOrphan: { type: Boolean, default: false },
    deFactoUnsupported: { type: Boolean, default: false },
    keyHardship: { type: Boolean, default: false },
    seriouslyIll: { type: Boolean, default: false },
    aidsAffected: { type: Boolean, default: false },
    minimumLiving: { type: Boolean, default: false },
    destitute: { type: Boolean, default: false },
    temporaryAssistance: { type: Boolean, default: false },
    housingDifficulty: { type: Boolean, default: false },
    severeMentalDisorderAtHome: { type: Boolean, default: false },
  },
  { _id: false },
);

const educationSchema = new Schema(
  {
    stage: { type: String, default: 'unspecified' },
    school: { type: String, default: '' },
    grade: { type: String, default: '' },
    inSchoolLocally: { type: Boolean, default: false },
  },
  { _id: false },
);

const determinationSchema = new Schema(
  {
    isMigrant: { type: Boolean, required: true },
    reasons: { type: [String], default: [] },
    asOf: { type: String, required: true },
    nextChangeOn: { type: String, default: null },
  },
  { _id: false },
);

/**
 * The `children` collection. FerretDB-safe: no partial indexes (a child without an ID number gets
 * the unique placeholder index `none:<childId>`), no dotted keys, every change one document write.
 */
export const childSchema = withOutbox(
  new Schema<ChildRecord>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      countyCode: { type: String, required: true },
      townshipCode: { type: String, default: '' },
      personal: { type: personalSchema, required: true },
      idNumberIndex: { type: String, required: true },
      missingIdNumber: { type: Boolean, required: true },
      guardians: { type: [guardianSchema], default: [] },
      birthDate: { type: String, required: true },
      sex: { type: String, required: true },
      hukouDivisionCode: { type: String, required: true },
      residenceHistory: { type: [residencePeriodSchema], default: [] },
      accompaniedBy: { type: String, required: true },
      difficultyTypes: { type: [String], default: [] },
      askedForHelp: { type: Boolean, default: false },
      circumstances: { type: circumstancesSchema, default: () => ({}) },
      education: { type: educationSchema, default: () => ({}) },
      movedOut: { type: Boolean, default: false },
      movedOutOn: { type: String, required: false },
      movedOutTo: { type: String, required: false },
      determination: { type: determinationSchema, required: true },
      lastVerifiedOn: { type: String, required: true },
      source: { type: String, required: true },
      importFingerprint: { type: String, required: false },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: CHILDREN_COLLECTION, versionKey: false, minimize: false, strict: true, id: false },
  ),
);

// One record per ID number (the blind index is deterministic under one index key).
childSchema.index({ idNumberIndex: 1 }, { unique: true });
// County/township lists, keyset-paged on _id (a ULID: registration order).
childSchema.index({ countyCode: 1, townshipCode: 1, _id: 1 });
// Follow-up list of children without an ID number (待补录身份证号).
childSchema.index({ countyCode: 1, missingIdNumber: 1, _id: 1 });
// Stale records per county (超过6个月未核实).
childSchema.index({ countyCode: 1, lastVerifiedOn: 1, _id: 1 });
// The daily recomputation finds children whose status may change on or before a date.
childSchema.index({ countyCode: 1, 'determination.nextChangeOn': 1, _id: 1 });
