import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { sm2Sign, sm2Verifier, sm3Hex, type Sm2KeyPair } from '@care/crypto';
import type { Peer } from '../pki/gateway-identity';
import { canonicalJson } from './canonical-json';

// The signed envelope of every message between two cities' gateways (报文信封), and the signed
// receipt (回执) that answers it. `messageId` names the logical message (the receiver applies it
// once however often it arrives); `sentAt` and `nonce` name one transmission of it, so a retry is
// signed afresh while a captured transmission played again is a replay.

export const MESSAGE_KINDS = ['child-record'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface Envelope<P = unknown> {
  readonly v: 1;
  readonly messageId: string;
  readonly kind: MessageKind;
  readonly senderCity: string;
  readonly receiverCity: string;
  readonly keyId: string;
  readonly sentAt: string;
  readonly nonce: string;
  readonly payload: P;
  /** SM2 over SM3 of canonicalJson(the envelope without `signature`), DER base64. */
  readonly signature: string;
}

export type ReceiptOutcome = 'applied' | 'duplicate' | 'stale';

export interface Receipt<R = unknown> {
  readonly v: 1;
  readonly messageId: string;
  /** The city that received the message and signs this receipt. */
  readonly signerCity: string;
  readonly keyId: string;
  readonly receivedAt: string;
  /** SM3 of the message's canonical text as received, so the sender can match it to what it sent. */
  readonly envelopeHash: string;
  readonly outcome: ReceiptOutcome;
  readonly result: R;
  readonly signature: string;
}

const CITY = /^[0-9]{4}00$/;
const envelopeSchema = z
  .object({
    v: z.literal(1),
    messageId: z.string().regex(/^[A-Za-z0-9._:-]{1,160}$/, '报文编号须为1至160位字母数字._:-'),
    kind: z.enum(MESSAGE_KINDS),
    senderCity: z.string().regex(CITY, '须为6位城市代码'),
    receiverCity: z.string().regex(CITY, '须为6位城市代码'),
    keyId: z.string().min(1).max(64),
    sentAt: z.string().datetime({ offset: true, message: '须为ISO 8601时间' }),
    nonce: z.string().regex(/^[0-9a-f]{32}$/, '须为32位十六进制'),
    payload: z.unknown(),
    signature: z.string().min(1).max(400),
  })
  // A member the signature does not cover must not ride along unnoticed: refused, not dropped.
  .strict();

const receiptSchema = z.object({
  v: z.literal(1),
  messageId: z.string().min(1).max(160),
  signerCity: z.string().regex(CITY, '须为6位城市代码'),
  keyId: z.string().min(1).max(64),
  receivedAt: z.string().datetime({ offset: true, message: '须为ISO 8601时间' }),
  envelopeHash: z.string().regex(/^[0-9a-f]{64}$/, '须为64位十六进制SM3摘要'),
  outcome: z.enum(['applied', 'duplicate', 'stale']),
  result: z.unknown(),
  signature: z.string().min(1).max(400),
});

/** Chinese text for the issues the schemas above do not word themselves (the partner's operator reads it). */
const chineseIssues: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type) {
    if (issue.path.length === 0) return { message: '须为JSON对象' };
    return { message: issue.received === 'undefined' ? '必填' : `须为${issue.expected}类型` };
  }
  if (issue.code === z.ZodIssueCode.invalid_literal)
    return { message: `须为 ${JSON.stringify(issue.expected)}` };
  if (issue.code === z.ZodIssueCode.invalid_enum_value)
    return { message: `须为 ${issue.options.join('、')} 之一` };
  if (issue.code === z.ZodIssueCode.unrecognized_keys)
    return { message: `${issue.keys.join('、')} 不属于约定的报文字段` };
  if (issue.code === z.ZodIssueCode.too_small) return { message: `长度至少为${String(issue.minimum)}` };
  if (issue.code === z.ZodIssueCode.too_big) return { message: `长度不得超过${String(issue.maximum)}` };
  return { message: ctx.defaultError }; // the schemas word the rest themselves
};

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || '(根)'}：${issue.message}`;
}

type Unsigned<T> = Omit<T, 'signature'>;

function signed<T extends object>(body: Unsigned<T>, key: Sm2KeyPair): T {
  return { ...body, signature: sm2Sign(canonicalJson(body), key) } as T;
}

/** A fresh transmission of a message: new sentAt and nonce, signed. */
export function sealEnvelope<P>(
  message: { messageId: string; kind: MessageKind; senderCity: string; receiverCity: string; payload: P },
  signing: Sm2KeyPair & { keyId: string },
  now: Date,
): Envelope<P> {
  return signed<Envelope<P>>(
    {
      v: 1,
      ...message,
      keyId: signing.keyId,
      sentAt: now.toISOString(),
      nonce: randomBytes(16).toString('hex'),
    },
    signing,
  );
}

export function signReceipt<R>(body: Unsigned<Receipt<R>>, signing: Sm2KeyPair): Receipt<R> {
  return signed<Receipt<R>>(body, signing);
}

/** SM3 of the envelope's canonical text (signature included): what the log and the receipt name. */
export function envelopeHash(envelope: Envelope): string {
  return sm3Hex(canonicalJson(envelope));
}

/** Why a message is refused before anything of it is stored; `message` is what the log and the sender read. */
export type Refusal =
  | { readonly reason: 'malformed'; readonly message: string }
  | { readonly reason: 'wrong-receiver'; readonly message: string }
  | { readonly reason: 'unknown-sender'; readonly message: string }
  | { readonly reason: 'sender-mismatch'; readonly message: string }
  | { readonly reason: 'unknown-key'; readonly message: string }
  | { readonly reason: 'bad-signature'; readonly message: string }
  | { readonly reason: 'expired'; readonly message: string }
  | { readonly reason: 'replayed'; readonly message: string }
  | { readonly reason: 'untrusted-certificate'; readonly message: string };

export type RefusalReason = Refusal['reason'];

/** HTTP status the exchange listener answers a refusal with. */
export const REFUSAL_STATUS: Readonly<Record<RefusalReason, number>> = {
  malformed: 400,
  'wrong-receiver': 421,
  'unknown-sender': 403,
  'sender-mismatch': 403,
  'unknown-key': 403,
  'bad-signature': 403,
  expired: 408,
  replayed: 409,
  'untrusted-certificate': 401,
};

export interface VerifyContext {
  readonly ownCity: string;
  /** The CN of the client certificate the TLS layer verified against the platform CA. */
  readonly certificateName: string;
  readonly peers: ReadonlyMap<string, Peer>;
  readonly now: Date;
  readonly skewSeconds: number;
  readonly verifiers: SignatureVerifiers;
}

/** SM2 verifiers per public key, kept across calls (each is precomputed once per key). */
export class SignatureVerifiers {
  private readonly byKey = new Map<string, (message: string, signature: string) => boolean>();

  /** Whether `signature` is the SM2 signature of the canonical text of `body` under `publicKey`. */
  verify(publicKey: string, body: object, signature: string): boolean {
    let verify = this.byKey.get(publicKey);
    if (verify === undefined) {
      verify = sm2Verifier(publicKey);
      this.byKey.set(publicKey, verify);
    }
    return verify(canonicalJson(body), signature);
  }
}

/**
 * Every check that needs no storage, in order: shape, addressee, sender known, sender is the
 * certificate's holder, key known, signature, time window. (The replay check needs the store.)
 */
export function verifyEnvelope(
  raw: unknown,
  ctx: VerifyContext,
): { ok: true; envelope: Envelope; peer: Peer } | ({ ok: false } & Refusal) {
  const parsed = envelopeSchema.safeParse(raw, { errorMap: chineseIssues });
  if (!parsed.success)
    return { ok: false, reason: 'malformed', message: `报文格式错误：${firstIssue(parsed.error)}` };
  const envelope = parsed.data as Envelope;
  if (envelope.receiverCity !== ctx.ownCity)
    return {
      ok: false,
      reason: 'wrong-receiver',
      message: `收件城市 ${envelope.receiverCity} 不是本市 ${ctx.ownCity}`,
    };
  const peer = ctx.peers.get(envelope.senderCity);
  if (peer === undefined)
    return {
      ok: false,
      reason: 'unknown-sender',
      message: `发件城市 ${envelope.senderCity} 不是本市的交换对端`,
    };
  if (peer.certificateName !== ctx.certificateName)
    return {
      ok: false,
      reason: 'sender-mismatch',
      message: `发件城市 ${envelope.senderCity} 与客户端证书 ${ctx.certificateName} 不符`,
    };
  const publicKey = peer.signingKeys.get(envelope.keyId);
  if (publicKey === undefined)
    return {
      ok: false,
      reason: 'unknown-key',
      message: `签名密钥 ${envelope.keyId} 不是 ${peer.city} 登记的密钥`,
    };
  const { signature, ...body } = envelope;
  if (!ctx.verifiers.verify(publicKey, body, signature))
    return { ok: false, reason: 'bad-signature', message: 'SM2签名验证失败：报文被篡改或非对端签发' };
  const drift = Math.abs(ctx.now.getTime() - Date.parse(envelope.sentAt)) / 1000;
  if (drift > ctx.skewSeconds)
    return {
      ok: false,
      reason: 'expired',
      message: `发送时间 ${envelope.sentAt} 超出允许的时间窗口（±${ctx.skewSeconds}秒）`,
    };
  return { ok: true, envelope, peer };
}

/** A receipt from `peer` for the envelope we sent: shape, signer, key, signature, same message. */
export function verifyReceipt(
  raw: unknown,
  sent: Envelope,
  peer: Peer,
  verifiers: SignatureVerifiers,
): { ok: true; receipt: Receipt } | { ok: false; message: string } {
  const parsed = receiptSchema.safeParse(raw, { errorMap: chineseIssues });
  if (!parsed.success) return { ok: false, message: `回执格式错误：${firstIssue(parsed.error)}` };
  const receipt = parsed.data as Receipt;
  if (receipt.signerCity !== peer.city)
    return { ok: false, message: `回执签发城市 ${receipt.signerCity} 不是 ${peer.city}` };
  if (receipt.messageId !== sent.messageId) return { ok: false, message: '回执的报文编号与所发报文不符' };
  if (receipt.envelopeHash !== envelopeHash(sent))
    return { ok: false, message: '回执的报文摘要与所发报文不符' };
  const publicKey = peer.signingKeys.get(receipt.keyId);
  if (publicKey === undefined) return { ok: false, message: `回执签名密钥 ${receipt.keyId} 未登记` };
  const { signature, ...body } = receipt;
  if (!verifiers.verify(publicKey, body, signature)) return { ok: false, message: '回执SM2签名验证失败' };
  return { ok: true, receipt };
}
