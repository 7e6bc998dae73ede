import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { CONFIG } from '@care/config';
import { GatewayEvents, type registry } from '@care/contracts';
import { initialOutbox, outboxEntry } from '@care/events';
import { CLOCK, FieldSealer, type Clock } from '@care/service-kit';
import type { GatewayConfig } from '../config';
import {
  EXCHANGE_CHILDREN,
  OUTGOING_MESSAGES,
  PARKED_CHANGES,
  type ExchangeChildDocument,
  type OutgoingMessageDocument,
  type ParkedChangeDocument,
} from '../gateway.schemas';
import { GATEWAY_PRODUCER, pushSentEvent } from '../gateway-events';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity } from '../pki/gateway-identity';
import { LocalRecords } from '../comparison/local-records';
import { RegistryReader } from '../registry-reader';
import type { StoredChildRecordPayload } from './child-record-payload';
import { mergeChange, parkedOf, type ParkedChange } from './parked-change';
import { cityOf, exchangeRecordOf } from './record-builder';
import { backoffSeconds, SenderService } from './sender.service';

const RETRY_BATCH = 100;

/** The registry could not be read for a push (down, slow, refusing): the change is parked, not lost. */
class RegistryUnreadable extends Error {}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The child's push state changed between this apply's read and its write (a concurrent event). */
class ConcurrentPush extends Error {
  constructor(childId: string) {
    super(`push: child ${childId} was pushed concurrently; applying again`);
  }
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
export class PushService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PushService.name);
  private retryTimer: NodeJS.Timeout | undefined;
  private retrying: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @InjectModel(EXCHANGE_CHILDREN) private readonly children: Model<ExchangeChildDocument>,
    @InjectModel(OUTGOING_MESSAGES) private readonly outgoing: Model<OutgoingMessageDocument>,
    @InjectModel(PARKED_CHANGES) private readonly parkedChanges: Model<ParkedChangeDocument>,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: RegistryReader,
    private readonly sealer: FieldSealer,
    private readonly localRecords: LocalRecords,
    private readonly sender: SenderService,
  ) {}

  /**
   * Applies one registry change; returns the message id written, if any. While an earlier change
   * of the child waits for the registry, this one joins it (the child's order holds); when the
   * registry cannot be read, the change is parked for the retry pass instead of failing the event.
   */
  async onChange(change: ChildChange): Promise<string | undefined> {
    for (let tries = 0; tries < 5; tries++) {
      const parked = await this.parkedChanges.collection.findOne({ _id: change.childId as never });
      if (parked === null) {
        try {
          return await this.apply(change.childId, parkedOf(change));
        } catch (error) {
          if (error instanceof ConcurrentPush) continue; // another event of the child was pushed meanwhile
          if (!(error instanceof RegistryUnreadable)) throw error;
          if (await this.park(change.childId, parkedOf(change), error)) return undefined;
          continue; // parked by someone else meanwhile: join it
        }
      }
      const doc = parked as unknown as ParkedChangeDocument;
      const merged = mergeChange(doc, change);
      const written = await this.parkedChanges.collection.replaceOne(
        { _id: change.childId as never, rev: doc.rev },
        { ...doc, ...merged, rev: doc.rev + 1 } as never,
      );
      if (written.matchedCount === 1) return undefined;
    }
    throw new Error(`push: the state of child ${change.childId} kept moving; will retry`);
  }

  /** One pass over the parked changes due (tests call it to step deterministically); returns how many were pushed or settled. */
  async retryParked(): Promise<number> {
    const now = this.clock.now();
    const due = (await this.parkedChanges.collection
      .find({ nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(RETRY_BATCH)
      .toArray()) as unknown as ParkedChangeDocument[];
    let settled = 0;
    for (const doc of due) {
      try {
        if ((await this.apply(doc._id, doc)) !== undefined) this.sender.nudge();
        // A change merged in meanwhile bumped rev: the document stays, and the next pass applies it.
        await this.parkedChanges.collection.deleteOne({ _id: doc._id as never, rev: doc.rev });
        settled += 1;
      } catch (error) {
        const attempts = doc.attempts + 1;
        const wait = backoffSeconds(attempts, this.config.PUSH_MAX_BACKOFF_SECONDS);
        await this.parkedChanges.collection.replaceOne({ _id: doc._id as never, rev: doc.rev }, {
          ...doc,
          attempts,
          nextAttemptAt: new Date(this.clock.now().getTime() + wait * 1000),
          lastError: messageOf(error),
          rev: doc.rev + 1,
        } as never);
      }
    }
    return settled;
  }

  /** How many children wait for the registry, and since when (for the operator). */
  async parkedSummary(): Promise<{
    waiting: number;
    oldestParkedAt: string | null;
    lastError: string | null;
  }> {
    const waiting = await this.parkedChanges.collection.countDocuments({});
    const [oldest] = (await this.parkedChanges.collection
      .find({})
      .sort({ parkedAt: 1 })
      .limit(1)
      .toArray()) as unknown as ParkedChangeDocument[];
    return {
      waiting,
      oldestParkedAt: oldest?.parkedAt.toISOString() ?? null,
      lastError: oldest?.lastError ?? null,
    };
  }

  onApplicationBootstrap(): void {
    this.scheduleRetry();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    await this.retrying;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retrying = this.retryParked()
        .catch((error: unknown) =>
          this.logger.error({ msg: 'parked changes pass failed', error: messageOf(error) }),
        )
        .then(() => undefined)
        .finally(() => {
          this.retrying = undefined;
          this.scheduleRetry();
        });
    }, this.config.PUSH_POLL_MS);
  }

  /** Parks a change; false when the child already has one parked (the caller merges into it). */
  private async park(childId: string, change: ParkedChange, error: RegistryUnreadable): Promise<boolean> {
    const now = this.clock.now();
    this.logger.warn({ msg: 'registry unreadable: change parked for retry', childId, error: error.message });
    const doc: ParkedChangeDocument = {
      _id: childId,
      factsVersion: change.factsVersion,
      keyCare: change.keyCare,
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + backoffSeconds(1, this.config.PUSH_MAX_BACKOFF_SECONDS) * 1000),
      lastError: error.message,
      parkedAt: now,
      rev: 1,
    };
    try {
      await this.parkedChanges.collection.insertOne(doc as never);
      return true;
    } catch (failure) {
      if ((failure as { code?: number }).code === 11000) return false;
      throw failure;
    }
  }

  /** Pushes the child as the registry has it now, if the change is newer than what was pushed. */
  private async apply(childId: string, change: ParkedChange): Promise<string | undefined> {
    const state = (await this.children.collection.findOne({
      _id: childId as never,
    })) as unknown as ExchangeChildDocument | null;
    const factsNewer =
      change.factsVersion !== null && (state === null || change.factsVersion > state.factsVersion);
    const keyCareNewer = change.keyCare !== null && (state === null || change.keyCare.at > state.keyCareAt);
    if (!factsNewer && !keyCareNewer) return undefined;
    let child: registry.Child | undefined;
    try {
      child = await this.registry.child(childId);
    } catch (error) {
      throw new RegistryUnreadable(messageOf(error));
    }
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
    const keyCare = keyCareNewer && change.keyCare !== null ? change.keyCare.open : (state?.keyCare ?? false);
    const now = this.clock.now();
    const built = exchangeRecordOf(child, {
      pairKey: peer.pairIndexKey,
      keyCare,
      updatedAt: now.toISOString(),
      side: 'residence',
    });
    if (!built.ok) {
      this.logger.warn({ msg: 'child not pushed', childId, problem: built.problem });
      return undefined;
    }
    const seq = (state?.seq ?? 0) + 1;
    const messageId = `${this.identity.city}.${childId}.${seq}`;
    // The full record, sealed: the sender narrows it to the pair's agreement as it leaves.
    const payload: StoredChildRecordPayload = { seq, idNumber: built.idNumber, record: built.record };
    const countyCode = facts.residenceCountyCode;
    // PushSent in the same insert: a redelivery that writes the same id again publishes nothing.
    const sent = outboxEntry(
      GatewayEvents.pushSent,
      countyCode,
      pushSentEvent({ _id: messageId, peerCity, countyCode, createdAt: now }),
      GATEWAY_PRODUCER,
    );
    await this.outgoing.collection
      .insertOne({
        _id: messageId,
        peerCity,
        childId,
        countyCode,
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
        ...initialOutbox([sent]),
      } as never)
      .catch((error: unknown) => {
        if ((error as { code?: number }).code !== 11000) throw error; // written before a crash: keep it
      });
    const next: ExchangeChildDocument = {
      _id: childId,
      peerCity,
      seq,
      factsVersion: Math.max(state?.factsVersion ?? 0, change.factsVersion ?? 0, Number(facts.version)),
      keyCare,
      keyCareAt: keyCareNewer && change.keyCare !== null ? change.keyCare.at : (state?.keyCareAt ?? ''),
      updatedAt: now,
    };
    // Conditional on the state read: the consumer handles the registry's topics concurrently, so
    // two events of one child can get here at once (and the retry pass beside them). The one
    // that loses re-reads and pushes again only if its change is newer than what was pushed; a
    // message both wrote under the same id went out once.
    const written =
      state === null
        ? await this.children.collection.insertOne(next as never).then(
            () => true,
            (error: unknown) => {
              if (isDuplicateKey(error)) return false;
              throw error;
            },
          )
        : (
            await this.children.collection.replaceOne(
              { _id: childId as never, seq: state.seq },
              next as never,
            )
          ).matchedCount === 1;
    if (!written) throw new ConcurrentPush(childId);
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
