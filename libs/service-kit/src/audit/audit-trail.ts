import { Inject, Injectable } from '@nestjs/common';
import { invalidArgument, unavailable } from '@care/errors';
import {
  chainHash,
  GENESIS_HASH,
  verifyEntries,
  type AuditEntry,
  type AuditRecordInput,
  type ChainVerification,
} from './audit-entry';
import type { Clock } from '../clock';
import { AUDIT_STORE, type AuditQuery, type AuditStore } from './audit-store';

export const AUDIT_CHAIN_KEY = Symbol.for('care.service-kit.audit-chain-key');
export const AUDIT_CLOCK = Symbol.for('care.service-kit.audit-clock');

export const PURPOSE_MIN_CHARS = 2;
export const PURPOSE_MAX_CHARS = 200;

/** Validates a stated purpose (用途) of a full read; the message names the field and the rule. */
export function normalisePurpose(purpose: unknown): string {
  const text = typeof purpose === 'string' ? purpose.trim() : '';
  const length = Array.from(text).length;
  if (length < PURPOSE_MIN_CHARS || length > PURPOSE_MAX_CHARS) {
    throw invalidArgument(
      'purpose',
      `${PURPOSE_MIN_CHARS}至${PURPOSE_MAX_CHARS}个字符`,
      `查看或导出完整个人信息须说明用途（purpose），长度为${PURPOSE_MIN_CHARS}至${PURPOSE_MAX_CHARS}个字符`,
    );
  }
  return text;
}

// Writers race for the next seq; a loser re-reads the head and tries again. Bounded, because a
// trail that cannot be written must stop reveals, not spin.
const MAX_APPEND_ATTEMPTS = 40;

/**
 * The append-only, hash-chained record of every full read of personal data (CAC Order No. 4:
 * every access recorded; MLPS 2.0: audit records protected against modification and deletion).
 * Each entry's hash is HMAC-SM3 under a key the database does not hold, so someone with write
 * access to the database alone cannot alter or remove an entry without `verifyChain` noticing.
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
    @Inject(AUDIT_CHAIN_KEY) private readonly chainKey: Buffer,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends one entry and returns it once it is durably stored. */
  async record(input: AuditRecordInput): Promise<AuditEntry> {
    const purpose = normalisePurpose(input.purpose);
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const head = await this.store.last();
      const body = {
        userId: input.userId,
        role: input.role,
        department: input.department,
        action: input.action,
        recordId: input.recordId,
        field: input.field,
        purpose,
        countyCode: input.countyCode,
        ...(input.recordCount === undefined ? {} : { recordCount: input.recordCount }),
        seq: (head?.seq ?? 0) + 1,
        at: this.clock.now(),
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const entry: AuditEntry = { ...body, prevHash, hash: chainHash(this.chainKey, prevHash, body) };
      if ((await this.store.insert(entry)) === 'inserted') return entry;
      // Another writer took this seq: back off a little (jittered) so racing writers spread out.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 3 * attempt)));
    }
    throw unavailable('审计日志');
  }

  /** Verifies the chain from `fromSeq` (default: the whole trail). */
  async verifyChain(fromSeq = 1): Promise<ChainVerification> {
    return verifyEntries(this.chainKey, this.store.scan(fromSeq));
  }

  /** The newest entry's seq and hash: publish it elsewhere (an anchor) to detect truncation. */
  async head(): Promise<{ seq: number; hash: string }> {
    const last = await this.store.last();
    return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
  }

  query(query: AuditQuery): Promise<AuditEntry[]> {
    return this.store.query(query);
  }
}
