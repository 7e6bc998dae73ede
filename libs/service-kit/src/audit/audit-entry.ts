import { hmacSm3 } from '@care/crypto';
import { ADMIN_ROLES, ROLES, type AccountRole } from '@care/access';

// One line of the audit trail (审计日志): who read which personal field of which record, when
// and why. It never holds the value that was read. Shared by every service that audits reads.

/**
 * What was done, e.g. the registry's `reveal`, `export`, `match` (apps/registry REGISTRY_AUDIT_ACTIONS)
 * or health's `mental-health-read`. Each service declares its own list and passes it to
 * AuditModule.forRoot({ actions }), which the store enforces; the chain itself covers any string.
 */
export type AuditAction = string;

/** The role of a sign-in attempt under a name no account has (the sign-in service's audit). */
export const UNIDENTIFIED_ROLE = 'unidentified';

/**
 * Who acted: a business role (ROLES), an administrator of the sign-in service (ADMIN_ROLES, 三员),
 * or UNIDENTIFIED_ROLE for a failed sign-in under an unknown name.
 */
export const AUDIT_ROLES = [...ROLES, ...ADMIN_ROLES, UNIDENTIFIED_ROLE] as const;
export type AuditRole = AccountRole | typeof UNIDENTIFIED_ROLE;

/** What a caller supplies; the trail adds seq, time and the chain. */
export interface AuditRecordInput {
  readonly userId: string;
  readonly role: AuditRole;
  readonly department: string;
  readonly action: AuditAction;
  /** The record read: a childId, or for an export the export's own id. */
  readonly recordId: string;
  /** The field read (a PersonalField), or `*` for whole records (export). */
  readonly field: string;
  /** Why, as the reader stated it (用途). */
  readonly purpose: string;
  /** The county of the record(s) read: auditors are scoped by it. */
  readonly countyCode: string;
  /** Number of records in an export or a match. */
  readonly recordCount?: number;
}

export interface AuditEntry extends AuditRecordInput {
  /** 1, 2, 3, ... with no gaps: a missing number is a removed entry. */
  readonly seq: number;
  readonly at: Date;
  readonly prevHash: string;
  /** HMAC-SM3(chainKey, prevHash || canonical(entry)), lowercase hex. */
  readonly hash: string;
}

/** prevHash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The exact bytes the hash covers: every field in a fixed order, absent optionals as null, so the
 * same entry always serialises the same way whatever order the database returns fields in.
 */
export function canonicalEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    entry.seq,
    entry.at.toISOString(),
    entry.userId,
    entry.role,
    entry.department,
    entry.action,
    entry.recordId,
    entry.field,
    entry.purpose,
    entry.countyCode,
    entry.recordCount ?? null,
  ]);
}

export function chainHash(
  chainKey: Buffer,
  prevHash: string,
  entry: Omit<AuditEntry, 'hash' | 'prevHash'>,
): string {
  return hmacSm3(chainKey, prevHash, canonicalEntry({ ...entry, prevHash })).toString('hex');
}

export type ChainProblem =
  /** An entry's content no longer matches its hash: it was modified. */
  | 'hash-mismatch'
  /** An entry's prevHash is not the previous entry's hash: an entry was replaced or re-chained. */
  | 'prev-hash-mismatch'
  /** A sequence number is missing: an entry was removed. */
  | 'gap';

export type ChainVerification =
  | { readonly ok: true; readonly checked: number; readonly lastSeq: number; readonly lastHash: string }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly brokenAt: number;
      readonly problem: ChainProblem;
    };

/**
 * Checks entries given in ascending seq order. The first entry's prevHash is trusted unless it
 * is seq 1 (then it must be the genesis hash), so a range can be verified without the whole chain.
 * Removing entries from the END cannot be seen from the chain alone; compare the head with an
 * anchor kept elsewhere (`AuditTrail.head()`), see README.
 */
export async function verifyEntries(
  chainKey: Buffer,
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
): Promise<ChainVerification> {
  let previous: AuditEntry | undefined;
  let checked = 0;
  for await (const entry of entries) {
    if (previous === undefined) {
      if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH)
        return { ok: false, checked, brokenAt: entry.seq, problem: 'prev-hash-mismatch' };
    } else {
      if (entry.seq !== previous.seq + 1)
        return { ok: false, checked, brokenAt: previous.seq + 1, problem: 'gap' };
      if (entry.prevHash !== previous.hash)
        return { ok: false, checked, brokenAt: entry.seq, problem: 'prev-hash-mismatch' };
    }
    const { hash, prevHash, ...rest } = entry;
    if (chainHash(chainKey, prevHash, rest) !== hash)
      return { ok: false, checked, brokenAt: entry.seq, problem: 'hash-mismatch' };
    checked += 1;
    previous = entry;
  }
  return { ok: true, checked, lastSeq: previous?.seq ?? 0, lastHash: previous?.hash ?? GENESIS_HASH };
}
