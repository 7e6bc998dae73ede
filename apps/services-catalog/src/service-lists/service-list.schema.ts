import { outboxFields } from '@care/events';
import type { ListLevel, ListRef, ListStatus } from '@care/catalogue';
import { Schema } from 'mongoose';

export const SERVICE_LISTS = 'ServiceList';

/**
 * One document per list version (`<division code>:<version>`). Items are stored as the domain
 * writes them and parsed again on every read (parseServiceList), so a hand-edited document
 * cannot smuggle a malformed rule into the entitlement engine.
 */
export interface ServiceListDocument {
  _id: string;
  divisionCode: string;
  level: ListLevel;
  version: number;
  status: ListStatus;
  title: string;
  effectiveFrom: string | null;
  publishedAt: string | null;
  basedOn: ListRef | null;
  items: unknown[];
  /** True once the children it concerns were recomputed (set by the activator after the effective date). */
  applied: boolean;
  appliedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
  outbox: unknown[];
  outboxPending: boolean;
}

export function listDocumentId(divisionCode: string, version: number): string {
  return `${divisionCode}:${version}`;
}

export const serviceListSchema = new Schema<ServiceListDocument>(
  {
    _id: { type: String, required: true },
    divisionCode: { type: String, required: true },
    level: { type: String, required: true, enum: ['city', 'county'] },
    version: { type: Number, required: true },
    status: { type: String, required: true, enum: ['draft', 'published'] },
    title: { type: String, required: true },
    effectiveFrom: { type: String, default: null },
    publishedAt: { type: String, default: null },
    basedOn: { type: Schema.Types.Mixed, default: null },
    items: { type: [Schema.Types.Mixed], default: [] },
    applied: { type: Boolean, default: false },
    appliedAt: { type: Date, default: null },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { versionKey: false, minimize: false, strict: true, collection: 'service_lists' },
);
serviceListSchema.index({ divisionCode: 1, version: 1 }, { unique: true });
serviceListSchema.index({ status: 1, applied: 1 });
