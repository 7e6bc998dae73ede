import { Schema } from 'mongoose';
import { ADMIN_ROLES, DUTIES, ROLES, type AccountRole, type Duty } from '@care/access';

export const ACCOUNTS = 'Account';

export const ACCOUNT_KINDS = ['staff', 'admin'] as const;
/** staff: department workers with a business role; admin: the 三员 (system admin, security admin, auditor). */
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * One person's account. `_id` is the user id (the token's `sub`, the audit trail's userId). The
 * password is a scrypt hash; the TOTP secret is sealed (SM4 + HMAC-SM3) and, until the person
 * confirms it with a first code (`totpEnrolledAt`), pending: shown once at that sign-in.
 * Written by conditional replace on `rev` (FerretDB keeps no concurrent update of one document).
 */
export interface AccountDocument {
  _id: string;
  displayName: string;
  kind: AccountKind;
  /** null until a security admin assigns one (a new staff account can sign in to nothing). */
  role: AccountRole | null;
  department: string | null;
  countyCodes: string[];
  townshipCodes: string[];
  duties: Duty[];
  status: AccountStatus;
  passwordHash: string;
  totpSecretSealed: string | null;
  totpEnrolledAt: Date | null;
  /** The TOTP step of the last accepted code: a code is spent once used. */
  totpLastTimeStep: number | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
}

export const accountSchema = new Schema<AccountDocument>(
  {
    _id: { type: String, required: true },
    displayName: { type: String, required: true },
    kind: { type: String, required: true, enum: ACCOUNT_KINDS },
    role: { type: String, default: null, enum: [...ROLES, ...ADMIN_ROLES, null] },
    department: { type: String, default: null },
    countyCodes: { type: [String], default: [] },
    townshipCodes: { type: [String], default: [] },
    duties: { type: [String], default: [], enum: DUTIES },
    status: { type: String, required: true, enum: ACCOUNT_STATUSES },
    passwordHash: { type: String, required: true },
    totpSecretSealed: { type: String, default: null },
    totpEnrolledAt: { type: Date, default: null },
    totpLastTimeStep: { type: Number, default: null },
    failedAttempts: { type: Number, required: true },
    lockedUntil: { type: Date, default: null },
    lastSignInAt: { type: Date, default: null },
    rev: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false, strict: true, collection: 'accounts' },
);
accountSchema.index({ countyCodes: 1 });
