import { Schema } from 'mongoose';
import type { StockFigures } from './kpi-view';

export const DAILY_MODEL = 'MonitoringDaily';
export const DAILY_COLLECTION = 'monitoring_daily';

/** The closing figures of one area on one day (`<area>|<day>`), rewritten through the day. */
export interface DailyDocument {
  _id: string;
  area: string;
  day: string;
  figures: StockFigures;
  updatedAt: Date;
}

export const dailySchema = new Schema(
  {
    _id: { type: String, required: true },
    area: { type: String, required: true },
    day: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, strict: 'throw', collection: DAILY_COLLECTION },
);
dailySchema.index({ area: 1, day: 1 });
