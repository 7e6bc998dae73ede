import { Schema } from 'mongoose';

export const SESSIONS = 'Session';

/**
 * A signed-in session: its refresh token is `<_id>.<secret>`, stored only as the SHA-256 of the
 * secret. Each refresh replaces the secret (rotation); presenting a replaced secret means the
 * token was copied, and ends the session.
 */
export interface SessionDocument {
  _id: string;
  userId: string;
  refreshHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  rev: number;
  createdAt: Date;
  refreshedAt: Date | null;
}

export const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    refreshHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    refreshedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, strict: true, collection: 'sessions' },
);
sessionSchema.index({ userId: 1 });
