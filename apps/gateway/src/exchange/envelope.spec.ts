import { generateSm2KeyPair, sm2Sign, sm3Hex } from '@care/crypto';
import { ALL_FIELDS } from '@care/exchange-rules';
import type { Peer } from '../pki/gateway-identity';
import { canonicalJson } from './canonical-json';
import {
  envelopeHash,
  REFUSAL_STATUS,
  sealEnvelope,
  signReceipt,
  SignatureVerifiers,
  verifyEnvelope,
  verifyReceipt,
  type Envelope,
  type Receipt,
  type RefusalReason,
  type VerifyContext,
} from './envelope';

// The checks a partner's message passes before anything of it is stored, in their order, and the
// checks of the receipt that answers it. Real SM2 keys; nothing faked.

const HEZE = '371700';
const ZHENGZHOU = '410100';
const NOW = new Date('2026-12-07T04:00:00.000Z');
const SKEW = 300;

const hezeKey = { ...generateSm2KeyPair(), keyId: '371700-dev-1' };
const zhengzhouKey = { ...generateSm2KeyPair(), keyId: '410100-dev-1' };
const strangerKey = { ...generateSm2KeyPair(), keyId: '371700-dev-1' }; // same id, another key

function peer(city: string, keys: { keyId: string; publicKey: string }[]): Peer {
  return {
    city,
    url: `https://127.0.0.1:1${city.slice(0, 4)}`,
    certificateName: `gateway-${city}`,
    signingKeys: new Map(keys.map((k) => [k.keyId, k.publicKey])),
    pairIndexKey: Buffer.alloc(32, 1),
    fields: ALL_FIELDS,
  };
}

/** Zhengzhou receiving from Heze. */
const hezeAsPeer = peer(HEZE, [hezeKey]);
/** Heze reading Zhengzhou's receipts. */
const zhengzhouAsPeer = peer(ZHENGZHOU, [zhengzhouKey]);

function context(overrides: Partial<VerifyContext> = {}): VerifyContext {
  return {
    ownCity: ZHENGZHOU,
    certificateName: 'gateway-371700',
    peers: new Map([[HEZE, hezeAsPeer]]),
    now: NOW,
    skewSeconds: SKEW,
    verifiers: new SignatureVerifiers(),
    ...overrides,
  };
}

const payload = { seq: 1, idNumber: '410102201503070021', record: { childRef: 'c1', name: '王小明' } };

function sealed(
  overrides: Partial<{ messageId: string; senderCity: string; receiverCity: string; payload: unknown }> = {},
  signing: typeof hezeKey = hezeKey,
  at: Date = NOW,
): Envelope {
  return sealEnvelope(
    {
      messageId: `${HEZE}.c1.1`,
      kind: 'child-record',
      senderCity: HEZE,
      receiverCity: ZHENGZHOU,
      payload,
      ...overrides,
    },
    signing,
    at,
  );
}

/** The envelope with some members changed and signed again by `signing` (what a sender could do). */
function resigned(envelope: Envelope, changes: Record<string, unknown>, signing = hezeKey): Envelope {
  const { signature: _dropped, ...body } = { ...envelope, ...changes };
  return { ...body, signature: sm2Sign(canonicalJson(body), signing) } as Envelope;
}

const secondsFromNow = (s: number) => new Date(NOW.getTime() + s * 1000);

describe('sealEnvelope', () => {
  it('signs a fresh transmission: version 1, the signing key id, sentAt now, a new 128-bit nonce each time', () => {
    const first = sealed();
    const second = sealed();
    expect(first).toMatchObject({
      v: 1,
      messageId: `${HEZE}.c1.1`,
      kind: 'child-record',
      senderCity: HEZE,
      receiverCity: ZHENGZHOU,
      keyId: '371700-dev-1',
      sentAt: NOW.toISOString(),
      payload,
    });
    expect(first.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.signature).not.toBe(first.signature);
    expect(verifyEnvelope(first, context())).toMatchObject({ ok: true, peer: hezeAsPeer });
    expect(verifyEnvelope(second, context())).toMatchObject({ ok: true });
  });

  it('names the whole transmission in envelopeHash: SM3 of its canonical text, signature included', () => {
    const envelope = sealed();
    expect(envelopeHash(envelope)).toBe(sm3Hex(canonicalJson(envelope)));
    expect(envelopeHash(envelope)).toMatch(/^[0-9a-f]{64}$/);
    expect(envelopeHash({ ...envelope, signature: `${envelope.signature.slice(0, -4)}AAAA` })).not.toBe(
      envelopeHash(envelope),
    );
  });
});

describe('verifyEnvelope', () => {
  it('accepts a sealed envelope, whatever order its members arrive in (JSON of another sender)', () => {
    const envelope = sealed();
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(envelope).reverse())),
    ) as unknown;
    const checked = verifyEnvelope(reordered, context());
    expect(checked).toEqual({ ok: true, envelope, peer: hezeAsPeer });
  });

  // One row per check, in the order they run; each row also breaks every check after it, so the
  // reason proves which one ran first (nothing later is even looked at).
  const tampered = { ...sealed(), payload: { ...payload, seq: 2 } };
  it.each<[RefusalReason, string, () => unknown, Partial<VerifyContext>, RegExp]>([
    [
      'malformed',
      'not an object (the body was no JSON)',
      () => undefined,
      {},
      /^报文格式错误：\(根\)：须为JSON对象$/,
    ],
    [
      'malformed',
      'a bad nonce, on an envelope addressed elsewhere, from a stranger, expired',
      () => ({
        ...sealed({ receiverCity: '110100', senderCity: '999900' }, strangerKey, secondsFromNow(-3600)),
        nonce: 'x',
      }),
      {},
      /^报文格式错误：nonce：须为32位十六进制$/,
    ],
    [
      'wrong-receiver',
      'addressed to Beijing, from a stranger, badly signed, expired',
      () => ({
        ...sealed({ receiverCity: '110100', senderCity: '999900' }, strangerKey, secondsFromNow(-3600)),
      }),
      {},
      /^收件城市 110100 不是本市 410100$/,
    ],
    [
      'unknown-sender',
      'from a city that is no partner, under a certificate of another, badly signed, expired',
      () => sealed({ senderCity: '999900' }, strangerKey, secondsFromNow(-3600)),
      {},
      /^发件城市 999900 不是本市的交换对端$/,
    ],
    [
      'sender-mismatch',
      "claiming Heze under another partner's certificate, with an unknown key, expired",
      () => resigned(sealed({}, hezeKey, secondsFromNow(-3600)), { keyId: 'old-1' }),
      { certificateName: 'gateway-999900' },
      /^发件城市 371700 与客户端证书 gateway-999900 不符$/,
    ],
    [
      'unknown-key',
      'a key id Heze never registered, badly signed, expired',
      () => ({ ...sealed({}, hezeKey, secondsFromNow(-3600)), keyId: 'old-1' }),
      {},
      /^签名密钥 old-1 不是 371700 登记的密钥$/,
    ],
    [
      'bad-signature',
      'the payload changed after signing, and expired',
      () => ({ ...sealed({}, hezeKey, secondsFromNow(-3600)), payload: { ...payload, seq: 2 } }),
      {},
      /^SM2签名验证失败：报文被篡改或非对端签发$/,
    ],
    ['bad-signature', 'the payload changed after signing', () => tampered, {}, /SM2签名验证失败/],
    [
      'bad-signature',
      "signed by another key under Heze's key id",
      () => sealed({}, strangerKey),
      {},
      /SM2签名验证失败/,
    ],
    [
      'bad-signature',
      'the signature is not base64 at all',
      () => ({ ...sealed(), signature: '%%%' }),
      {},
      /SM2签名验证失败/,
    ],
    [
      'expired',
      'sent an hour ago, correctly signed',
      () => sealed({}, hezeKey, secondsFromNow(-3600)),
      {},
      /^发送时间 2026-12-07T03:00:00\.000Z 超出允许的时间窗口（±300秒）$/,
    ],
  ])('refuses as %s: %s', (reason, _why, build, ctx, message) => {
    const checked = verifyEnvelope(build(), context(ctx));
    expect(checked).toEqual({ ok: false, reason, message: expect.stringMatching(message) });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['version 2', { v: 2 }, /^报文格式错误：v：须为 1$/],
    ['an unknown kind', { kind: 'child-photo' }, /^报文格式错误：kind：须为 child-record 之一$/],
    [
      'a message id with a slash',
      { messageId: '371700/c1/1' },
      /messageId：报文编号须为1至160位字母数字\._:-$/,
    ],
    ['a message id of 161 characters', { messageId: 'a'.repeat(161) }, /messageId：报文编号须为/],
    ['a county code as the sender', { senderCity: '371702' }, /^报文格式错误：senderCity：须为6位城市代码$/],
    ['a receiver of 5 digits', { receiverCity: '41010' }, /^报文格式错误：receiverCity：须为6位城市代码$/],
    ['an empty key id', { keyId: '' }, /^报文格式错误：keyId：长度至少为1$/],
    ['a key id of 65 characters', { keyId: 'k'.repeat(65) }, /^报文格式错误：keyId：长度不得超过64$/],
    ['a date without a time', { sentAt: '2026-12-07' }, /^报文格式错误：sentAt：须为ISO 8601时间$/],
    ['an upper-case nonce', { nonce: 'A'.repeat(32) }, /^报文格式错误：nonce：须为32位十六进制$/],
    ['no signature', { signature: undefined }, /^报文格式错误：signature：必填$/],
    ['a numeric signature', { signature: 7 }, /^报文格式错误：signature：须为string类型$/],
    ['a signature of 401 characters', { signature: 'A'.repeat(401) }, /signature：长度不得超过400$/],
    [
      'a member the signature does not cover',
      { route: 'via-hub' },
      /^报文格式错误：\(根\)：route 不属于约定的报文字段$/,
    ],
  ])('names the field and the rule of a malformed envelope: %s', (_why, changes, message) => {
    const raw = JSON.parse(JSON.stringify({ ...sealed(), ...changes })) as unknown;
    expect(verifyEnvelope(raw, context())).toEqual({
      ok: false,
      reason: 'malformed',
      message: expect.stringMatching(message),
    });
  });

  it('refuses an extra member even when the sender signed it (the envelope is a closed set)', () => {
    const raw = resigned(sealed(), { route: 'via-hub' });
    expect(verifyEnvelope(raw, context())).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it.each<[string, number, boolean]>([
    ['sent now', 0, true],
    ['sent exactly the allowed skew ago', -SKEW, true],
    ['sent exactly the allowed skew ahead (the sender’s clock is fast)', SKEW, true],
    ['one millisecond older than the window', -SKEW - 0.001, false],
    ['one millisecond ahead of the window', SKEW + 0.001, false],
    ['an hour ago', -3600, false],
    ['a day ahead', 86_400, false],
  ])('time window ±skew: %s', (_why, offsetSeconds, accepted) => {
    const checked = verifyEnvelope(sealed({}, hezeKey, secondsFromNow(offsetSeconds)), context());
    expect(checked.ok ? 'ok' : checked.reason).toBe(accepted ? 'ok' : 'expired');
  });

  it('reads a sentAt with an offset as the instant it names', () => {
    const body = sealed({}, hezeKey, secondsFromNow(-SKEW));
    const beijingTime = resigned(body, { sentAt: '2026-12-07T11:55:00+08:00' }); // = NOW − 300 s
    expect(verifyEnvelope(beijingTime, context())).toMatchObject({ ok: true });
    const justOut = resigned(body, { sentAt: '2026-12-07T11:54:59+08:00' });
    expect(verifyEnvelope(justOut, context())).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('accepts a message signed with an older key the partner still lists (key rotation)', () => {
    const oldKey = { ...generateSm2KeyPair(), keyId: '371700-dev-0' };
    const rotating = peer(HEZE, [hezeKey, oldKey]);
    const ctx = context({ peers: new Map([[HEZE, rotating]]) });
    expect(verifyEnvelope(sealed({}, oldKey), ctx)).toMatchObject({ ok: true, peer: rotating });
    expect(verifyEnvelope(sealed({}, hezeKey), ctx)).toMatchObject({ ok: true });
  });

  it('answers each refusal with its HTTP status', () => {
    expect(REFUSAL_STATUS).toEqual({
      malformed: 400,
      'wrong-receiver': 421,
      'unknown-sender': 403,
      'sender-mismatch': 403,
      'unknown-key': 403,
      'bad-signature': 403,
      expired: 408,
      replayed: 409,
      'untrusted-certificate': 401,
    });
  });
});

describe('verifyReceipt', () => {
  const sent = sealed();
  function receipt(overrides: Partial<Receipt> = {}, signing: typeof zhengzhouKey = zhengzhouKey): Receipt {
    return signReceipt(
      {
        v: 1,
        messageId: sent.messageId,
        signerCity: ZHENGZHOU,
        keyId: signing.keyId,
        receivedAt: NOW.toISOString(),
        envelopeHash: envelopeHash(sent),
        outcome: 'applied',
        result: { matched: true, differences: [] },
        ...overrides,
      },
      signing,
    );
  }
  const verify = (raw: unknown, envelope: Envelope = sent) =>
    verifyReceipt(raw, envelope, zhengzhouAsPeer, new SignatureVerifiers());

  it('accepts the partner’s signed receipt of the envelope sent', () => {
    const good = receipt();
    expect(verify(JSON.parse(JSON.stringify(good)))).toEqual({ ok: true, receipt: good });
    expect(verify(receipt({ outcome: 'duplicate' }))).toMatchObject({ ok: true });
    expect(verify(receipt({ outcome: 'stale' }))).toMatchObject({ ok: true });
  });

  it.each<[string, () => unknown, string | RegExp]>([
    ['no body at all (the answer was no JSON)', () => undefined, '回执格式错误：(根)：须为JSON对象'],
    [
      'an unknown outcome',
      () => ({ ...receipt(), outcome: 'ignored' }),
      /^回执格式错误：outcome：须为 applied、duplicate、stale 之一$/,
    ],
    [
      'a short envelope hash',
      () => ({ ...receipt(), envelopeHash: 'abc' }),
      '回执格式错误：envelopeHash：须为64位十六进制SM3摘要',
    ],
    ['no receivedAt', () => ({ ...receipt(), receivedAt: undefined }), '回执格式错误：receivedAt：必填'],
    [
      'signed by another city (Heze signing its own receipt)',
      () => receipt({ signerCity: HEZE }, hezeKey),
      '回执签发城市 371700 不是 410100',
    ],
    ['for another message', () => receipt({ messageId: `${HEZE}.c1.2` }), '回执的报文编号与所发报文不符'],
    [
      'naming another transmission of the same message (a retry signed afresh)',
      () => receipt({ envelopeHash: envelopeHash(sealed()) }),
      '回执的报文摘要与所发报文不符',
    ],
    [
      'under a key id Zhengzhou never registered',
      () => receipt({ keyId: '410100-dev-9' }),
      '回执签名密钥 410100-dev-9 未登记',
    ],
    [
      'with its outcome changed after signing',
      () => ({ ...receipt({ outcome: 'stale' }), outcome: 'applied' }),
      '回执SM2签名验证失败',
    ],
    [
      'with its result changed after signing',
      () => ({ ...receipt(), result: { matched: false, differences: [] } }),
      '回执SM2签名验证失败',
    ],
    [
      "signed by another key under Zhengzhou's key id",
      () => receipt({}, { ...generateSm2KeyPair(), keyId: zhengzhouKey.keyId }),
      '回执SM2签名验证失败',
    ],
  ])('refuses a receipt %s', (_why, build, message) => {
    const checked = verify(build());
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });

  it('checks the signer before the message, the message before the hash, the hash before the key, the key before the signature', () => {
    const everythingWrong = () =>
      ({
        ...receipt({ signerCity: HEZE, messageId: 'x', envelopeHash: '0'.repeat(64), keyId: 'k' }, hezeKey),
        outcome: 'stale',
      }) as Receipt;
    expect(verify(everythingWrong())).toMatchObject({ message: '回执签发城市 371700 不是 410100' });
    expect(verify({ ...everythingWrong(), signerCity: ZHENGZHOU })).toMatchObject({
      message: '回执的报文编号与所发报文不符',
    });
    expect(verify({ ...everythingWrong(), signerCity: ZHENGZHOU, messageId: sent.messageId })).toMatchObject({
      message: '回执的报文摘要与所发报文不符',
    });
    expect(
      verify({
        ...everythingWrong(),
        signerCity: ZHENGZHOU,
        messageId: sent.messageId,
        envelopeHash: envelopeHash(sent),
      }),
    ).toMatchObject({ message: '回执签名密钥 k 未登记' });
    expect(
      verify({
        ...everythingWrong(),
        signerCity: ZHENGZHOU,
        messageId: sent.messageId,
        envelopeHash: envelopeHash(sent),
        keyId: zhengzhouKey.keyId,
      }),
    ).toMatchObject({ message: '回执SM2签名验证失败' });
  });
});
