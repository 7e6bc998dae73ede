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

// Processes (replicas) race for the next seq; a loser re-reads the head and tries again. Bounded,
// because a trail that cannot be written must stop reveals, not spin.
const MAX_APPEND_ATTEMPTS = 40;
/** Entries written in one round trip at most (FerretDB v1 wedges on large bulk commands). */
const MAX_BATCH = 64;

interface Pending {
  readonly input: AuditRecordInput;
  readonly purpose: string;
  readonly resolve: (entry: AuditEntry) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The append-only, hash-chained record of every full read of personal data (CAC Order No. 4:
 * every access recorded; MLPS 2.0: audit records protected against modification and deletion).
 * Each entry's hash is HMAC-SM3 under a key the database does not hold, so someone with write
 * access to the database alone cannot alter or remove an entry without `verifyChain` noticing.
 *
 * Group commit: the entries recorded while a write is under way wait for it and then go in the
 * next one, chained in memory on the head this process last wrote, in one ordered insert (at most
 * MAX_BATCH). Each caller's promise settles when its own entry is durably stored. Within one
 * process there is no race for a seq at all; between processes a loser re-chains on the new head.
 */
@Injectable()
export class AuditTrail {
  private readonly queue: Pending[] = [];
  private writing = false;
  /** The newest entry this process knows to be the head (undefined: read it from the store). */
  private knownHead: AuditEntry | undefined;

  constructor(
    @Inject(AUDIT_STORE) private readonly store: AuditStore,
    @Inject(AUDIT_CHAIN_KEY) private readonly chainKey: Buffer,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends one entry and returns it once it is durably stored. */
  record(input: AuditRecordInput): Promise<AuditEntry> {
    let purpose: string;
    try {
      purpose = normalisePurpose(input.purpose);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AuditEntry>((resolve, reject) => {
      this.queue.push({ input, purpose, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.append(batch).catch((error: unknown) => {
          this.knownHead = undefined;
          for (const p of batch) p.reject(error);
        });
      }
    } finally {
      this.writing = false;
    }
  }

  /** Writes the batch in order on the current head; settles each entry as it lands. */
  private async append(batch: Pending[]): Promise<void> {
    let rest = batch;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      let head = this.knownHead ?? (await this.store.last());
      const entries = rest.map((p) => {
        const body = {
          userId: p.input.userId,
          role: p.input.role,
          department: p.input.department,
          action: p.input.action,
          recordId: p.input.recordId,
          field: p.input.field,
          purpose: p.purpose,
          countyCode: p.input.countyCode,
          ...(p.input.recordCount === undefined ? {} : { recordCount: p.input.recordCount }),
          seq: (head?.seq ?? 0) + 1,
          at: this.clock.now(),
        };
        const prevHash = head?.hash ?? GENESIS_HASH;
        const entry: AuditEntry = { ...body, prevHash, hash: chainHash(this.chainKey, prevHash, body) };
        head = entry;
        return entry;
      });
      const landed = await this.store.append(entries);
      for (let i = 0; i < landed; i += 1) rest[i]!.resolve(entries[i]!);
      if (landed === entries.length) {
        this.knownHead = entries[entries.length - 1];
        return;
      }
      // Another process took the next seq: re-read the head, back off a little (jittered).
      rest = rest.slice(landed);
      this.knownHead = undefined;
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
