import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { ExchangeRecord } from '@care/exchange-rules';
import { InjectModel } from '@care/persistence';
import { CLOCK, FieldSealer, type Clock } from '@care/service-kit';
import { type ExchangeChildDocument, type OutgoingMessageDocument } from '../gateway.schemas';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity } from '../pki/gateway-identity';
import { LocalRecords } from '../comparison/local-records';
import { RegistryReader } from '../registry-reader';
import { cityOf, exchangeRecordOf } from './record-builder';

export const EXCHANGE_CHILDREN = 'ExchangeChild';
export const OUTGOING_MESSAGES = 'OutgoingMessage';

/** What a pushed message carries (sealed in the outbox). */
export interface ChildRecordPayload {
  readonly seq: number;
  readonly idNumber: string;
  readonly record: ExchangeRecord;
}

export type ChildChange =
  | { readonly kind: 'facts'; readonly childId: string; readonly factsVersion: number }
  | { readonly kind: 'key-care'; readonly childId: string; readonly open: boolean; readonly at: string };

/**
 * Residence side: a registry change of a child whose hukou city is a partner becomes a message
 * in the outbox — the first time the child is a migrant child, and every change after that
 * (moved, key care opened or closed, status ended). The message is written before the child's
 * push state moves on, and its id is the child's next sequence number: a crash in between or a
 * redelivered event writes the same id again, which the outbox refuses, so nothing is sent twice.
 */
@Injectable()
export class PushService {
  private readonly logger = new Logger(PushService.name);

  constructor(
    @InjectModel(EXCHANGE_CHILDREN) private readonly children: Model<ExchangeChildDocument>,
    @InjectModel(OUTGOING_MESSAGES) private readonly outgoing: Model<OutgoingMessageDocument>,
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: RegistryReader,
    private readonly sealer: FieldSealer,
    private readonly localRecords: LocalRecords,
  ) {}

  /** Applies one registry change; returns the message id written, if any. */
  async onChange(change: ChildChange): Promise<string | undefined> {
    const state = await this.children.collection.findOne({ _id: change.childId as never });
    if (change.kind === 'facts' && state !== null && change.factsVersion <= state.factsVersion)
      return undefined;
    if (change.kind === 'key-care' && state !== null && change.at <= state.keyCareAt) return undefined;
    const child = await this.registry.child(change.childId);
    if (child === undefined) return undefined;
    // Every child of this city is also on its side of a full reconciliation with each partner.
    await this.localRecords.keep(child);
    const facts = child.facts;
    if (facts === undefined) return undefined;
    const peerCity = cityOf(facts.hukouCountyCode);
    const peer = this.identity.peers.get(peerCity);
    if (peer === undefined || peerCity === this.identity.city) return undefined;
    // Nothing goes out about a child who never was a migrant child here.
    if (state === null && !facts.isMigrant) return undefined;
    const keyCare = change.kind === 'key-care' ? change.open : (state?.keyCare ?? false);
    const now = this.clock.now();
    const built = exchangeRecordOf(child, {
      pairKey: peer.pairIndexKey,
      keyCare,
      updatedAt: now.toISOString(),
      side: 'residence',
    });
    if (!built.ok) {
      this.logger.warn({ msg: 'child not pushed', childId: change.childId, problem: built.problem });
      return undefined;
    }
    const seq = (state?.seq ?? 0) + 1;
    const messageId = `${this.identity.city}.${change.childId}.${seq}`;
    const payload: ChildRecordPayload = { seq, idNumber: built.idNumber, record: built.record };
    await this.outgoing.collection
      .insertOne({
        _id: messageId,
        peerCity,
        childId: change.childId,
        seq,
        kind: 'child-record',
        payload: this.sealer.seal(JSON.stringify(payload)),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        receipt: null,
        receiptedAt: null,
      } as never)
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 11000) throw error; // written before a crash: keep it
      });
    const next: ExchangeChildDocument = {
      _id: change.childId,
      peerCity,
      seq,
      factsVersion: Math.max(
        state?.factsVersion ?? 0,
        change.kind === 'facts' ? change.factsVersion : Number(facts.version),
      ),
      keyCare,
      keyCareAt: change.kind === 'key-care' ? change.at : (state?.keyCareAt ?? ''),
      updatedAt: now,
    };
    // One consumer handles a child's events in order (key = child id), so this is the only writer.
    await this.children.collection.replaceOne({ _id: change.childId as never }, next as never, {
      upsert: true,
    });
    return messageId;
  }

  /** The outbox's counts per partner and state (for the operator). */
  async outboxSummary(): Promise<
    { peerCity: string; pending: number; receipted: number; failing: number }[]
  > {
    const count = (match: object) =>
      this.outgoing.collection
        .aggregate<{ _id: string; n: number }>([
          { $match: match },
          { $group: { _id: '$peerCity', n: { $sum: 1 } } },
        ])
        .toArray();
    const [pending, receipted, failing] = await Promise.all([
      count({ status: 'pending' }),
      count({ status: 'receipted' }),
      count({ status: 'pending', attempts: { $gt: 0 } }),
    ]);
    const cities = new Set([...pending, ...receipted].map((r) => r._id));
    const of = (rows: { _id: string; n: number }[], city: string) => rows.find((r) => r._id === city)?.n ?? 0;
    return [...cities].sort().map((peerCity) => ({
      peerCity,
      pending: of(pending, peerCity),
      receipted: of(receipted, peerCity),
      failing: of(failing, peerCity),
    }));
  }
}
