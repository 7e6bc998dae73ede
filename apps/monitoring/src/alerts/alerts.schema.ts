import { Schema } from 'mongoose';
import { outboxFields, type WithOutbox } from '@care/events';
import type { AlertKind } from './alert-rules';

export const ALERT_MODEL = 'MonitoringAlert';
export const ALERTS_COLLECTION = 'monitoring_alerts';

export type AlertStatus = 'open' | 'cleared';

/**
 * One alert condition (`<kind>|<county>|<item>`): raised once when it begins (its AlertRaised
 * event in the embedded outbox, the same write), its count kept current, cleared when it ends; a
 * later episode gets a new alertId.
 */
export interface AlertDocument extends WithOutbox {
  _id: string;
  alertId: string;
  kind: AlertKind;
  countyCode: string;
  itemCode: string;
  departments: string[];
  status: AlertStatus;
  count: number;
  thresholdDays: number;
  sinceOn: string;
  raisedAt: string;
  clearedAt: string;
  rev: number;
  updatedAt: Date;
}

export const alertSchema = new Schema(
  {
    _id: { type: String, required: true },
    alertId: { type: String, required: true },
    kind: { type: String, required: true },
    countyCode: { type: String, required: true },
    itemCode: { type: String, default: '' },
    departments: { type: [String], default: [] },
    status: { type: String, required: true },
    count: { type: Number, required: true },
    thresholdDays: { type: Number, default: 0 },
    sinceOn: { type: String, default: '' },
    raisedAt: { type: String, required: true },
    clearedAt: { type: String, default: '' },
    rev: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxFields,
  },
  { versionKey: false, minimize: false, strict: 'throw', collection: ALERTS_COLLECTION },
);
alertSchema.index({ countyCode: 1, status: 1 });
