import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { shanghaiDate } from '@care/child-rules';
import { sm3Hex } from '@care/crypto';
import { CONFIG } from '@care/config';
import { countyOf } from '@care/divisions';
import { isDomainError } from '@care/errors';
import {
  compareRecords,
  ExchangeRecordError,
  parseSharedRecord,
  type Difference,
  type SharedRecord,
} from '@care/exchange-rules';
import { InjectModel } from '@care/persistence';
import { CLOCK, FieldSealer, type Clock } from '@care/service-kit';
import type { registry } from '@care/contracts';
import type { GatewayConfig } from '../config';
import type {
  IncomingMessageDocument,
  PushResult,
  ReceivedChildDocument,
  SeenTransmissionDocument,
} from '../gateway.schemas';
import { GATEWAY_IDENTITY } from '../identity.provider';
import type { GatewayIdentity, Peer } from '../pki/gateway-identity';
import type { ChildRecordPayload } from '../push/child-record-payload';
import { exchangeRecordOf, pairIndex } from '../push/record-builder';
import { RegistryReader } from '../registry-reader';
import { canonicalJson } from './canonical-json';
import {
  envelopeHash,
  REFUSAL_STATUS,
  signReceipt,
  SignatureVerifiers,
  verifyEnvelope,
  type Envelope,
  type Receipt,
  type ReceiptOutcome,
  type Refusal,
} from './envelope';
import { ComparisonTasksService } from '../comparison/comparison-tasks.service';
import { MessageLog } from './message-log';

export const SEEN_TRANSMISSIONS = 'SeenTransmission';
export const INCOMING_MESSAGES = 'IncomingMessage';
export const RECEIVED_CHILDREN = 'ReceivedChild';

/** What the exchange listener answers: a status and a JSON body (a receipt, or the refusal). */
export interface ExchangeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The TLS layer's verdict on the caller's certificate. */
export interface CallerCertificate {
  readonly authorized: boolean;
  readonly commonName: string;
  readonly error?: string;
}

/** Comparing fields the hukou city's registry does not hold would only produce noise. */
const NOT_HELD_LOCALLY = new Set(['keyCare']);

/**
 * The county of the child's hukou address: in the hukou city, the office responsible for the
 * child. The pushed record's address when the pair shares it, else this city's own record's.
 */
export function hukouCountyOf(record: SharedRecord, local: registry.Child | undefined): string | undefined {
  if (record.hukouAddress !== undefined) return countyOf(record.hukouAddress.divisionCode);
  const own = local?.facts?.hukouCountyCode;
  return own === undefined || own === '' ? undefined : countyOf(own);
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

/**
 * Hukou side: a partner's message, verified before anything of it is stored (certificate, shape,
 * addressee, sender = certificate holder, key, SM2 signature, time window, replay), applied once
 * (a message id seen before is answered with its first result, marked `duplicate`), in order per
 * child (an older sequence than the one held is `stale` and changes nothing), compared field by
 * field with this city's own registry record of the child, each difference a task for the county
 * office; every message and refusal in the hash-chained message log, every answer signed.
 */
@Injectable()
export class ReceiverService {
  private readonly logger = new Logger(ReceiverService.name);
  private readonly verifiers = new SignatureVerifiers();

  constructor(
    @InjectModel(SEEN_TRANSMISSIONS) private readonly seen: Model<SeenTransmissionDocument>,
    @InjectModel(INCOMING_MESSAGES) private readonly incoming: Model<IncomingMessageDocument>,
    @InjectModel(RECEIVED_CHILDREN) private readonly received: Model<ReceivedChildDocument>,
    @Inject(GATEWAY_IDENTITY) private readonly identity: GatewayIdentity,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: RegistryReader,
    private readonly sealer: FieldSealer,
    private readonly log: MessageLog,
    private readonly tasks: ComparisonTasksService,
  ) {}

  async receive(raw: unknown, caller: CallerCertificate): Promise<ExchangeAnswer> {
    const rawObject = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const claimedSender = typeof rawObject['senderCity'] === 'string' ? rawObject['senderCity'] : '';
    const claimedId = typeof rawObject['messageId'] === 'string' ? rawObject['messageId'].slice(0, 160) : '';
    const refuse = async (refusal: Refusal): Promise<ExchangeAnswer> => {
      await this.log.append({
        direction: 'in',
        event: 'refused',
        peerCity: claimedSender.slice(0, 6),
        messageId: claimedId,
        envelopeHash: sm3Hex(canonicalJson(raw ?? null)),
        outcome: refusal.reason,
        detail: refusal.message,
      });
      return {
        status: REFUSAL_STATUS[refusal.reason],
        body: { reason: refusal.reason, message: refusal.message },
      };
    };

    if (!caller.authorized)
      return refuse({
        reason: 'untrusted-certificate',
        message: `客户端证书未通过平台CA验证：${caller.error ?? '未提供证书'}`,
      });
    const checked = verifyEnvelope(raw, {
      ownCity: this.identity.city,
      certificateName: caller.commonName,
      peers: this.identity.peers,
      now: this.clock.now(),
      skewSeconds: this.config.EXCHANGE_CLOCK_SKEW_SECONDS,
      verifiers: this.verifiers,
    });
    if (!checked.ok) return refuse(checked);
    const { envelope, peer } = checked;
    try {
      await this.seen.collection.insertOne({
        _id: `${peer.city}:${envelope.nonce}`,
        at: this.clock.now(),
      } as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return refuse({ reason: 'replayed', message: `重放的报文：该次传输（${envelope.nonce}）已收到过` });
    }
    const payload = this.readPayload(envelope, peer);
    if (!payload.ok) return refuse({ reason: 'malformed', message: payload.message });

    const key = `${peer.city}:${envelope.messageId}`;
    const before = (await this.incoming.collection.findOne({
      _id: key as never,
    })) as IncomingMessageDocument | null;
    if (before?.outcome != null && before.result !== null)
      return this.answer(envelope, peer, 'duplicate', before.result);
    if (before === null) {
      await this.incoming.collection
        .insertOne({
          _id: key,
          senderCity: peer.city,
          messageId: envelope.messageId,
          childRef: payload.value.record.childRef,
          seq: payload.value.seq,
          payload: this.sealer.seal(JSON.stringify(payload.value)),
          receivedAt: this.clock.now(),
          outcome: null,
          result: null,
        } as never)
        .catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
    }
    let applied: { outcome: ReceiptOutcome; result: PushResult };
    try {
      applied = await this.apply(peer, payload.value);
    } catch (error) {
      if (isDomainError(error) && error.code === 'unavailable') {
        await this.log.append({
          direction: 'in',
          event: 'refused',
          peerCity: peer.city,
          messageId: envelope.messageId,
          envelopeHash: envelopeHash(envelope),
          outcome: 'local-registry-unavailable',
          detail: '本市登记服务暂时不可用，报文已保存，待对端重发后比对',
        });
        return {
          status: 503,
          body: { reason: 'unavailable', message: '户籍地登记服务暂时不可用，请稍后重发' },
        };
      }
      throw error;
    }
    await this.incoming.collection.updateOne(
      { _id: key as never },
      { $set: { outcome: applied.outcome, result: applied.result } },
    );
    return this.answer(envelope, peer, applied.outcome, applied.result);
  }

  private readPayload(
    envelope: Envelope,
    peer: Peer,
  ): { ok: true; value: ChildRecordPayload } | { ok: false; message: string } {
    const p = (envelope.payload ?? {}) as Record<string, unknown>;
    const seq = p['seq'];
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1)
      return { ok: false, message: '报文内容：seq 必须是正整数' };
    const idNumber = p['idNumber'];
    if (typeof idNumber !== 'string' || !/^[0-9]{17}[0-9X]$/.test(idNumber))
      return { ok: false, message: '报文内容：idNumber 必须是18位身份证号' };
    let record: SharedRecord;
    try {
      // Exactly the fields agreed with this sender: one more is refused (the receiver must not
      // keep what it was not meant to get), one missing too (the comparison would be incomplete).
      record = parseSharedRecord(p['record'], { fields: peer.fields, today: shanghaiDate(this.clock.now()) });
    } catch (error) {
      if (error instanceof ExchangeRecordError) return { ok: false, message: `报文内容：${error.message}` };
      throw error;
    }
    if (envelope.messageId !== `${peer.city}.${record.childRef}.${seq}`)
      return { ok: false, message: '报文编号须为 <发件城市>.<儿童编号>.<序号>，与内容一致' };
    if (pairIndex(idNumber, peer.pairIndexKey) !== record.idNumberIndex)
      return { ok: false, message: '报文内容：idNumberIndex 与身份证号不符（比对密钥不一致？）' };
    const extra = Object.keys(p).filter((k) => !['seq', 'idNumber', 'record'].includes(k));
    if (extra.length > 0)
      return { ok: false, message: `报文内容：${extra.join('、')} 不属于约定的交换字段，不得发送` };
    return { ok: true, value: { seq, idNumber, record } };
  }

  /** Compare, keep the newest record of the child, route its differences: idempotent. */
  private async apply(
    peer: Peer,
    payload: ChildRecordPayload,
  ): Promise<{ outcome: ReceiptOutcome; result: PushResult }> {
    const local = await this.registry.childByIdNumber(payload.idNumber);
    const built =
      local === undefined
        ? undefined
        : exchangeRecordOf(local, {
            pairKey: peer.pairIndexKey,
            keyCare: false,
            updatedAt: this.clock.now().toISOString(),
            side: 'hukou',
          });
    const localRecord = built?.ok === true ? built.record : undefined;
    // Only what the pair shares is compared: a withheld field is never a difference.
    const differences = compareRecords(payload.record, localRecord, { residenceCityCode: peer.city }).filter(
      (d) => d.field === undefined || !NOT_HELD_LOCALLY.has(d.field),
    );
    const result: PushResult = { matched: differences.length === 0, differences };
    const id = `${peer.city}:${payload.record.childRef}`;
    const existing = (await this.received.collection.findOne({
      _id: id as never,
    })) as ReceivedChildDocument | null;
    if (existing !== null && existing.seq >= payload.seq) return { outcome: 'stale', result };
    const next: ReceivedChildDocument = {
      _id: id,
      senderCity: peer.city,
      childRef: payload.record.childRef,
      seq: payload.seq,
      idNumberIndex: payload.record.idNumberIndex,
      record: this.sealer.seal(JSON.stringify(payload.record)),
      localChildId: local?.childId ?? null,
      localCountyCode: local?.facts?.residenceCountyCode ?? null,
      hukouCountyCode: hukouCountyOf(payload.record, local) ?? '',
      differences,
      version: (existing?.version ?? 0) + 1,
      updatedAt: this.clock.now(),
    };
    if (existing === null) {
      try {
        await this.received.collection.insertOne(next as never);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        return { outcome: 'stale', result }; // another delivery of a newer record landed first
      }
    } else {
      const replaced = await this.received.collection.replaceOne(
        { _id: id as never, version: existing.version },
        next as never,
      );
      if (replaced.modifiedCount === 0) return { outcome: 'stale', result };
    }
    await this.routeTasks(
      peer,
      payload.record.childRef,
      local?.childId ?? null,
      hukouCountyOf(payload.record, local) ?? local?.facts?.residenceCountyCode ?? this.identity.city,
      differences,
    );
    return { outcome: 'applied', result };
  }

  /** One open task per difference (kept while it persists), closed as superseded when a newer push no longer shows it. */
  private async routeTasks(
    peer: Peer,
    childRef: string,
    localChildId: string | null,
    countyCode: string,
    differences: readonly Difference[],
  ): Promise<void> {
    const keep = new Set<string>();
    for (const difference of differences)
      keep.add(await this.tasks.open(peer.city, childRef, localChildId, countyCode, difference));
    await this.tasks.supersede(peer.city, childRef, keep);
  }

  private async answer(
    envelope: Envelope,
    peer: Peer,
    outcome: ReceiptOutcome,
    result: PushResult,
  ): Promise<ExchangeAnswer> {
    const receipt: Receipt<PushResult> = signReceipt(
      {
        v: 1,
        messageId: envelope.messageId,
        signerCity: this.identity.city,
        keyId: this.identity.signing.keyId,
        receivedAt: this.clock.now().toISOString(),
        envelopeHash: envelopeHash(envelope),
        outcome,
        result,
      },
      this.identity.signing,
    );
    await this.log.append({
      direction: 'in',
      event: 'received',
      peerCity: peer.city,
      messageId: envelope.messageId,
      envelopeHash: envelopeHash(envelope),
      receiptHash: sm3Hex(canonicalJson(receipt)),
      outcome,
    });
    this.logger.debug({ msg: 'message answered', messageId: envelope.messageId, outcome });
    return { status: 200, body: receipt };
  }
}
