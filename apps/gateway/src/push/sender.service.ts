import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Model } from 'mongoose';
import { sm3Hex } from '@care/crypto';
import { CONFIG } from '@care/config';
import { GatewayEvents } from '@care/contracts';
import { outboxEntry, withOutboxUpdate } from '@care/events';
import { InjectModel } from '@care/persistence';
import { CLOCK, FieldSealer, type Clock } from '@care/service-kit';
import type { GatewayConfig } from '../config';
import { canonicalJson } from '../exchange/canonical-json';
import {
  envelopeHash,
  sealEnvelope,
  SignatureVerifiers,
  verifyReceipt,
  type Receipt,
} from '../exchange/envelope';
import { ExchangeClient } from '../exchange/exchange-client';
import { MessageLog } from '../exchange/message-log';
import { OUTGOING_MESSAGES, type OutgoingMessageDocument, type PushResult } from '../gateway.schemas';
import { GATEWAY_PRODUCER, pushReceiptedEvent } from '../gateway-events';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity } from '../pki/gateway-identity';
import { payloadFor, type StoredChildRecordPayload } from './child-record-payload';

const BATCH = 500;
const IN_FLIGHT = 16;

/** Seconds before the next try after `attempts` failures: 1, 2, 4 … up to the cap, jittered ±20%. */
export function backoffSeconds(attempts: number, maxSeconds: number, random = Math.random): number {
  const base = Math.min(maxSeconds, 2 ** Math.max(0, attempts - 1));
  return base * (0.8 + 0.4 * random());
}

/**
 * Residence side: delivers the outbox to partner cities. At least once (a message stays pending
 * until a receipt signed by the partner verifies), in order per child (a child's next message
 * waits while an earlier one is pending, so one child has at most one in flight), retried with
 * backoff while the partner is unreachable or refuses. Every transmission is signed afresh.
 */
@Injectable()
export class SenderService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SenderService.name);
  private readonly client: ExchangeClient;
  private readonly verifiers = new SignatureVerifiers();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    @InjectModel(OUTGOING_MESSAGES) private readonly outgoing: Model<OutgoingMessageDocument>,
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sealer: FieldSealer,
    private readonly log: MessageLog,
  ) {
    this.client = new ExchangeClient(identity, config.EXCHANGE_SEND_TIMEOUT_MS);
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
    this.client.close();
  }

  /** A message was written: send now rather than at the next poll. */
  nudge(): void {
    if (this.running !== undefined) this.again = true;
    else this.schedule(0);
  }

  /** One pass over the due messages (tests call it to step deterministically). */
  async deliverDue(): Promise<number> {
    const now = this.clock.now();
    const pending = await this.outgoing.collection
      .find({ status: 'pending' })
      .sort({ createdAt: 1, seq: 1 })
      .limit(BATCH)
      .toArray();
    const blocked = new Set<string>();
    const due: OutgoingMessageDocument[] = [];
    for (const doc of pending as unknown as OutgoingMessageDocument[]) {
      if (blocked.has(doc.childId)) continue;
      blocked.add(doc.childId); // later messages of this child wait for this one
      if (doc.nextAttemptAt.getTime() <= now.getTime()) due.push(doc);
    }
    let delivered = 0;
    for (let i = 0; i < due.length; i += IN_FLIGHT) {
      const results = await Promise.all(due.slice(i, i + IN_FLIGHT).map((doc) => this.deliver(doc)));
      delivered += results.filter(Boolean).length;
    }
    return delivered;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.deliverDue()
        .catch((error: unknown) =>
          this.logger.error({ msg: 'outbox pass failed', error: (error as Error).message }),
        )
        .then(() => undefined)
        .finally(() => {
          this.running = undefined;
          const more = this.again;
          this.again = false;
          this.schedule(more ? 0 : this.config.PUSH_POLL_MS);
        });
    }, ms);
  }

  private async deliver(doc: OutgoingMessageDocument): Promise<boolean> {
    const peer = this.identity.peers.get(doc.peerCity);
    if (peer === undefined)
      return this.fail(doc, '', `对端 ${doc.peerCity} 已不在交换对端名单中`, 'unknown-peer');
    const envelope = sealEnvelope(
      {
        messageId: doc._id,
        kind: doc.kind,
        senderCity: this.identity.city,
        receiverCity: peer.city,
        // Only the fields the pair agreed on leave this city (目的限定).
        payload: payloadFor(
          JSON.parse(this.sealer.open(doc.payload)) as StoredChildRecordPayload,
          peer.fields,
        ),
      },
      this.identity.signing,
      this.clock.now(),
    );
    const hash = envelopeHash(envelope);
    const outcome = await this.client.send(peer, envelope);
    if (outcome.kind === 'unreachable')
      return this.fail(doc, hash, `对端不可达：${outcome.message}`, 'unreachable');
    if (outcome.status !== 200) {
      const body = (outcome.body ?? {}) as { reason?: unknown; message?: unknown };
      return this.fail(
        doc,
        hash,
        `对端拒收（HTTP ${outcome.status}）：${typeof body.message === 'string' ? body.message : ''}`,
        typeof body.reason === 'string' ? body.reason : `http-${outcome.status}`,
      );
    }
    const checked = verifyReceipt(outcome.body, envelope, peer, this.verifiers);
    if (!checked.ok) return this.fail(doc, hash, checked.message, 'bad-receipt');
    const receipt = checked.receipt as Receipt<PushResult>;
    const now = this.clock.now();
    // PushReceipted with the receipt, conditionally on the message still pending: a second
    // delivery of an already receipted message matches nothing and publishes nothing.
    const receipted = outboxEntry(
      GatewayEvents.pushReceipted,
      doc.countyCode,
      pushReceiptedEvent(doc, receipt, now),
      GATEWAY_PRODUCER,
    );
    await this.outgoing.collection.updateOne(
      { _id: doc._id as never, status: 'pending' },
      withOutboxUpdate({ $set: { status: 'receipted', receipt, receiptedAt: now, lastError: null } }, [
        receipted,
      ]),
    );
    await this.log.append({
      direction: 'out',
      event: 'receipted',
      peerCity: peer.city,
      messageId: doc._id,
      envelopeHash: hash,
      receiptHash: sm3Hex(canonicalJson(receipt)),
      outcome: receipt.outcome,
    });
    return true;
  }

  private async fail(
    doc: OutgoingMessageDocument,
    hash: string,
    detail: string,
    outcome: string,
  ): Promise<false> {
    const attempts = doc.attempts + 1;
    const wait = backoffSeconds(attempts, this.config.PUSH_MAX_BACKOFF_SECONDS);
    await this.outgoing.collection.updateOne(
      { _id: doc._id as never, status: 'pending' },
      {
        $set: {
          attempts,
          lastError: detail,
          nextAttemptAt: new Date(this.clock.now().getTime() + wait * 1000),
        },
      },
    );
    await this.log.append({
      direction: 'out',
      event: 'send-failed',
      peerCity: doc.peerCity,
      messageId: doc._id,
      envelopeHash: hash,
      outcome,
      detail,
    });
    return false;
  }
}
