import { Schema } from 'mongoose';

// The stores of the filtering projection (projection.ts). `strict: 'throw'`: a field outside
// these lists is refused at the write, so nothing beyond the projection's codes, days, flags and
// counts can be stored even by mistake. `rev` counts the writes of a document: every write is
// conditional on the rev it read (FerretDB v1 loses concurrent updates of one document).

export const PROJECTION_KINDS = [
  'children',
  'key-care',
  'visits',
  'entitlements',
  'enrolments',
  'pushes',
  'comparison-tasks',
] as const;
export type ProjectionKind = (typeof PROJECTION_KINDS)[number];

export const PROJECTION_COLLECTIONS: Readonly<Record<ProjectionKind, string>> = {
  children: 'monitoring_children',
  'key-care': 'monitoring_key_care',
  visits: 'monitoring_visits',
  entitlements: 'monitoring_entitlements',
  enrolments: 'monitoring_enrolments',
  pushes: 'monitoring_pushes',
  'comparison-tasks': 'monitoring_comparison_tasks',
};

export const PROJECTION_MODELS: Readonly<Record<ProjectionKind, string>> = {
  children: 'MonitoringChild',
  'key-care': 'MonitoringKeyCare',
  visits: 'MonitoringVisit',
  entitlements: 'MonitoringEntitlement',
  enrolments: 'MonitoringEnrolment',
  pushes: 'MonitoringPush',
  'comparison-tasks': 'MonitoringComparisonTask',
};

const text = { type: String, default: '' };
const required = { type: String, required: true };

function projectionSchema(kind: ProjectionKind, fields: Record<string, unknown>): Schema {
  return new Schema(
    { _id: required, rev: { type: Number, required: true }, ...fields },
    {
      versionKey: false,
      minimize: false,
      strict: 'throw',
      collection: PROJECTION_COLLECTIONS[kind],
    },
  );
}

export const PROJECTION_SCHEMAS: Readonly<Record<ProjectionKind, Schema>> = {
  children: projectionSchema('children', {
    childId: required,
    version: { type: Number, required: true },
    countyCode: required,
    townshipCode: text,
    ageBand: required,
    hukouProvince: text,
    difficultyCodes: { type: [String], default: [] },
    migrant: { type: Boolean, required: true },
    movedOut: { type: Boolean, required: true },
    registeredOn: text,
    lastVerifiedOn: text,
  }),
  'key-care': projectionSchema('key-care', {
    entryId: required,
    childId: required,
    countyCode: required,
    townshipCode: text,
    difficultyCodes: { type: [String], default: [] },
    open: { type: Boolean, required: true },
    at: required,
  }),
  visits: projectionSchema('visits', {
    visitId: required,
    entryId: required,
    childId: required,
    countyCode: required,
    townshipCode: text,
    dueOn: text,
    visitedOn: text,
  }),
  entitlements: projectionSchema('entitlements', {
    childId: required,
    itemCode: required,
    countyCode: required,
    departments: { type: [String], default: [] },
    granted: { type: Boolean, required: true },
    grantedOn: text,
    stateAt: text,
    deliveries: {
      type: [
        new Schema(
          {
            deliveryId: required,
            department: text,
            outcome: required,
            onDate: required,
            revision: { type: Number, required: true },
          },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: [],
    },
  }),
  enrolments: projectionSchema('enrolments', {
    childId: required,
    countyCode: required,
    stage: required,
    ended: { type: Boolean, required: true },
    revision: { type: Number, required: true },
  }),
  pushes: projectionSchema('pushes', {
    messageId: required,
    countyCode: required,
    peerCity: required,
    sentOn: text,
    receipts: {
      type: [
        new Schema(
          {
            at: required,
            day: required,
            outcome: required,
            matched: { type: Boolean, required: true },
            differenceCount: { type: Number, required: true },
          },
          { _id: false, strict: 'throw' },
        ),
      ],
      default: [],
    },
  }),
  'comparison-tasks': projectionSchema('comparison-tasks', {
    taskId: required,
    countyCode: required,
    senderCity: required,
    kind: required,
    status: required,
    dueOn: required,
    openedOn: text,
    closedOn: text,
    closedAt: text,
  }),
};
