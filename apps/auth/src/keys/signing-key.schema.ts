import type { JWK } from 'jose';
import { Schema } from 'mongoose';

export const SIGNING_KEYS = 'SigningKey';

/**
 * One signing key of the access tokens. The private half is sealed (FieldSealer: SM4 + HMAC-SM3,
 * the service's keys); the public half is published at /.well-known/jwks.json until every token
 * it signed has expired (`publishUntil`), so a rotation never breaks a token still in use, and from
 * `activatesAt` before it signs, so no verifier meets its kid before it could fetch it.
 */
export interface SigningKeyDocument {
  /** kid: the RFC 7638 thumbprint of the public key. */
  _id: string;
  alg: 'EdDSA' | 'ES256';
  publicJwk: JWK;
  privateJwkSealed: string;
  createdAt: Date;
  /** When it starts signing: AUTH_KEY_ACTIVATION_SECONDS after it was published (key-schedule.ts). */
  activatesAt: Date;
  /** When it stopped signing (a newer key took over); null while it is the signing key. */
  retiredAt: Date | null;
  /** Dropped from the JWKS from this instant on; null while it signs. */
  publishUntil: Date | null;
}

export const signingKeySchema = new Schema<SigningKeyDocument>(
  {
    _id: { type: String, required: true },
    alg: { type: String, required: true, enum: ['EdDSA', 'ES256'] },
    publicJwk: { type: Schema.Types.Mixed, required: true },
    privateJwkSealed: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activatesAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
    publishUntil: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, strict: true, collection: 'signing_keys' },
);
signingKeySchema.index({ createdAt: 1 });
