// Zhengzhou's exchange listener under attack: a hand-driven HTTPS client (node:https, with
// certificates of the pair's own CA, of another CA, or none) posts envelopes as Heze's gateway
// would, and as a forger, a replayer or a confused partner would. Each refusal must come with its
// HTTP status, reason and Chinese message, store nothing of the message, and be in Zhengzhou's
// hash-chained message log, whose chain shows an edit made in the database.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { common, type registry } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import { childFacts, httpJson } from '@care/service-kit/testing';
import { EXCHANGE_PATH } from '../../../apps/gateway/src/exchange/exchange-client';
import {
  sealEnvelope,
  SignatureVerifiers,
  verifyReceipt,
  type Envelope,
  type MessageKind,
} from '../../../apps/gateway/src/exchange/envelope';
import { SeenTransmissionsPruner } from '../../../apps/gateway/src/exchange/seen-transmissions';
import { ensureCa, issueGatewayCertificate } from '../../../apps/gateway/src/pki/dev-pki';
import {
  loadGatewayIdentity,
  type Peer,
  type SigningKeyFile,
} from '../../../apps/gateway/src/pki/gateway-identity';
import { exchangeRecordOf } from '../../../apps/gateway/src/push/record-builder';
import { HEZE, startGatewayPair, ZHENGZHOU, type GatewayPair } from './gateway-pair';

jest.setTimeout(180_000);

interface ClientCertificate {
  readonly cert: Buffer;
  readonly key: Buffer;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

interface Message {
  messageId: string;
  kind: MessageKind;
  senderCity: string;
  receiverCity: string;
  payload: Record<string, unknown>;
}

const STORED = ['incoming_messages', 'received_children', 'comparison_tasks'] as const;

describe("Zhengzhou's exchange listener refuses what it must, stores nothing of it and logs why", () => {
  let pair: GatewayPair;
  let ca: Buffer;
  let heze: ClientCertificate;
  /** A certificate naming Heze's gateway, issued by a CA that is not the platform's. */
  let foreignCa: ClientCertificate;
  /** A certificate of the platform's CA for a city that is no partner of Zhengzhou. */
  let otherCity: ClientCertificate;
  let signing: SigningKeyFile;
  let pairKey: Buffer;
  /** Zhengzhou as Heze knows it (its receipt key), read by the real loader from Heze's files. */
  let zhengzhouAsPeer: Peer;
  let children = 0;

  beforeAll(async () => {
    pair = await startGatewayPair('security');
    const read = (...path: string[]) => readFileSync(join(pair.pki, ...path));
    ca = read('care-dev-ca.crt');
    heze = { cert: read(HEZE, 'tls.crt'), key: read(HEZE, 'tls.key') };
    signing = JSON.parse(read(HEZE, 'signing.json').toString('utf-8')) as SigningKeyFile;
    pairKey = Buffer.from(
      (JSON.parse(read(HEZE, 'pair-keys.json').toString('utf-8')) as Record<string, string>)[ZHENGZHOU],
      'hex',
    );
    const foreign = ensureCa(join(pair.pki, 'foreign-ca'), 'foreign-ca');
    const forged = issueGatewayCertificate(foreign, join(pair.pki, 'foreign-ca', HEZE), `gateway-${HEZE}`);
    foreignCa = { cert: readFileSync(forged.cert), key: readFileSync(forged.key) };
    const platformCa = { cert: join(pair.pki, 'care-dev-ca.crt'), key: join(pair.pki, 'care-dev-ca.key') };
    const stranger = issueGatewayCertificate(platformCa, join(pair.pki, '999900'), 'gateway-999900');
    otherCity = { cert: readFileSync(stranger.cert), key: readFileSync(stranger.key) };
    zhengzhouAsPeer = loadGatewayIdentity(pair.heze.gateway.config).peers.get(ZHENGZHOU) as Peer;
  });
  afterAll(() => pair?.close());

  const zhengzhouNow = () => pair.zhengzhou.gateway.clock.now();
  const db = () => pair.zhengzhou.gateway.db;

  /** POSTs `body` (JSON, or raw text) to Zhengzhou's exchange listener over TLS, with a client certificate or none. */
  function post(body: unknown, client: ClientCertificate | null = heze): Promise<Answer> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: pair.zhengzhou.exchangePort,
          path: EXCHANGE_PATH,
          method: 'POST',
          ca, // Zhengzhou's server certificate is checked as usual
          ...(client ?? {}),
          agent: false, // a connection of its own: no TLS session of another client certificate reused
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf-8')) as Record<string, unknown>,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  /** A child as Heze's registry holds it, unknown to Zhengzhou's registry: a new one each time. */
  function hezeChild(): registry.Child {
    children += 1;
    const childId = `child-sec-${children}`;
    return {
      childId,
      name: '赵小安',
      idNumber: makeIdNumber('410102', '2016-05-20', 600 + children),
      facts: childFacts(childId, 1, {
        birthDate: '2016-05-20',
        sex: common.Sex.SEX_MALE,
        residenceCountyCode: '371702',
        residenceTownshipCode: '371702001',
        hukouCountyCode: '410102',
      }),
      hukouAddress: '河南省郑州市中原区林山寨街道建设路3号',
      residenceAddress: '山东省菏泽市牡丹区东城街道和平路8号',
      guardians: [{ name: '赵大勇', relation: '父亲', phone: '13900001111' }],
      lastVerifiedOn: '2026-11-01',
      masked: false,
    };
  }

  /** The message Heze's push service writes for `child` at `seq`: { seq, idNumber, record }. */
  function childMessage(child: registry.Child = hezeChild(), seq = 1): Message {
    const built = exchangeRecordOf(child, {
      pairKey,
      keyCare: false,
      updatedAt: zhengzhouNow().toISOString(),
      side: 'residence',
    });
    if (!built.ok) throw new Error(built.problem);
    return {
      messageId: `${HEZE}.${child.childId}.${seq}`,
      kind: 'child-record',
      senderCity: HEZE,
      receiverCity: ZHENGZHOU,
      payload: { seq, idNumber: built.idNumber, record: built.record },
    };
  }

  function seal(message: Message, at: Date = zhengzhouNow(), keyId = signing.keyId): Envelope {
    return sealEnvelope(message, { ...signing, keyId }, at);
  }

  async function storedCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of STORED) counts[name] = await db().collection(name).countDocuments({});
    return counts;
  }

  const logSize = () => db().collection('message_log').countDocuments({});
  const lastLogEntry = async () =>
    (await db().collection('message_log').find({}).sort({ _id: -1 }).limit(1).toArray())[0];

  /**
   * Sends, and proves the refusal: its status, reason and message; nothing of it in the
   * incoming messages, received records or tasks; one `refused` entry more in the message log
   * naming the reason and the message (and no personal value of the record).
   */
  async function expectRefused(
    send: () => Promise<Answer>,
    expected: { status: number; reason: string; message: string | RegExp; loggedSender?: string },
  ): Promise<Answer> {
    const before = await storedCounts();
    const logBefore = await logSize();
    const answer = await send();
    expect(answer).toEqual({
      status: expected.status,
      body: {
        reason: expected.reason,
        message:
          typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message),
      },
    });
    expect(await storedCounts()).toEqual(before);
    expect(await logSize()).toBe(logBefore + 1);
    const entry = await lastLogEntry();
    expect(entry).toMatchObject({
      direction: 'in',
      event: 'refused',
      peerCity: expected.loggedSender ?? HEZE,
      outcome: expected.reason,
      detail: answer.body.message,
      envelopeHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(entry)).not.toMatch(/赵小安|赵大勇|建设路|13900001111/);
    return answer;
  }

  describe('a message Heze signed correctly is applied once, answered with a signed receipt', () => {
    it('(e) the same transmission posted twice: the first applied, the second refused as replayed', async () => {
      const envelope = seal(childMessage());
      const before = await storedCounts();
      const first = await post(envelope);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        messageId: envelope.messageId,
        signerCity: ZHENGZHOU,
        outcome: 'applied',
      });
      expect(verifyReceipt(first.body, envelope, zhengzhouAsPeer, new SignatureVerifiers())).toMatchObject({
        ok: true,
      });
      // Stored once: the message, the child's record, a task (the child is unknown in Zhengzhou).
      expect(await storedCounts()).toEqual({
        incoming_messages: before.incoming_messages + 1,
        received_children: before.received_children + 1,
        comparison_tasks: before.comparison_tasks + 1,
      });
      expect(await lastLogEntry()).toMatchObject({ event: 'received', outcome: 'applied' });

      await expectRefused(() => post(envelope), {
        status: 409,
        reason: 'replayed',
        message: `重放的报文：该次传输（${envelope.nonce}）已收到过`,
      });

      // A fresh transmission of the same message (a retry after a lost receipt) is no replay:
      // answered with the first result, marked duplicate, applied no second time.
      const again = await post(seal(envelopeMessage(envelope)));
      expect([again.status, again.body.outcome]).toEqual([200, 'duplicate']);
      expect(again.body.result).toEqual(first.body.result);
      expect((await storedCounts()).received_children).toBe(before.received_children + 1);
    });

    it('an older sequence after a newer one for the same child: 200, stale, the record held unchanged', async () => {
      const child = hezeChild();
      const newer = await post(seal(childMessage(child, 2)));
      expect([newer.status, newer.body.outcome]).toEqual([200, 'applied']);
      const received = db().collection('received_children');
      const held = await received.findOne({ childRef: child.childId });
      expect(held).toMatchObject({ seq: 2, version: 1 });

      const older = seal(childMessage(child, 1));
      const answer = await post(older);
      expect([answer.status, answer.body.outcome, answer.body.messageId]).toEqual([
        200,
        'stale',
        older.messageId,
      ]);
      expect(verifyReceipt(answer.body, older, zhengzhouAsPeer, new SignatureVerifiers()).ok).toBe(true);
      expect(await received.findOne({ childRef: child.childId })).toEqual(held);
      expect(await lastLogEntry()).toMatchObject({
        event: 'received',
        outcome: 'stale',
        messageId: older.messageId,
      });
    });
  });

  describe('refusals, each before anything of the message is stored', () => {
    it('(a) the payload tampered with after signing → bad-signature', async () => {
      const envelope = seal(childMessage());
      const payload = envelope.payload as { record: Record<string, unknown> };
      const tampered = {
        ...envelope,
        payload: { ...payload, record: { ...payload.record, status: 'ended' } },
      };
      await expectRefused(() => post(tampered), {
        status: 403,
        reason: 'bad-signature',
        message: 'SM2签名验证失败：报文被篡改或非对端签发',
      });
    });

    it('(b) a client certificate of another CA, naming Heze’s gateway → untrusted-certificate', async () => {
      await expectRefused(() => post(seal(childMessage()), foreignCa), {
        status: 401,
        reason: 'untrusted-certificate',
        message: '客户端证书未通过平台CA验证：证书不是平台CA签发（UNABLE_TO_VERIFY_LEAF_SIGNATURE）',
      });
    });

    it('no client certificate at all → untrusted-certificate', async () => {
      await expectRefused(() => post(seal(childMessage()), null), {
        status: 401,
        reason: 'untrusted-certificate',
        message: '客户端证书未通过平台CA验证：未提供证书',
      });
    });

    it("(c) the platform CA's certificate of another city, sending as Heze → sender-mismatch", async () => {
      await expectRefused(() => post(seal(childMessage()), otherCity), {
        status: 403,
        reason: 'sender-mismatch',
        message: `发件城市 ${HEZE} 与客户端证书 gateway-999900 不符`,
      });
    });

    it('the same certificate, sending as its own city (no partner of Zhengzhou) → unknown-sender', async () => {
      const message = { ...childMessage(), senderCity: '999900' };
      await expectRefused(() => post(seal(message), otherCity), {
        status: 403,
        reason: 'unknown-sender',
        message: '发件城市 999900 不是本市的交换对端',
        loggedSender: '999900',
      });
    });

    it('(d) sent an hour ago, correctly signed → expired', async () => {
      const sentAt = new Date(zhengzhouNow().getTime() - 3_600_000);
      await expectRefused(() => post(seal(childMessage(), sentAt)), {
        status: 408,
        reason: 'expired',
        message: `发送时间 ${sentAt.toISOString()} 超出允许的时间窗口（±300秒）`,
      });
    });

    it('(f) a key id Heze never registered → unknown-key', async () => {
      await expectRefused(() => post(seal(childMessage(), zhengzhouNow(), `${HEZE}-dev-9`)), {
        status: 403,
        reason: 'unknown-key',
        message: `签名密钥 ${HEZE}-dev-9 不是 ${HEZE} 登记的密钥`,
      });
    });

    it('(g) addressed to another city → wrong-receiver', async () => {
      await expectRefused(() => post(seal({ ...childMessage(), receiverCity: '110100' })), {
        status: 421,
        reason: 'wrong-receiver',
        message: `收件城市 110100 不是本市 ${ZHENGZHOU}`,
      });
    });

    it('(h) a record with a field outside the agreed set → malformed, naming the field', async () => {
      const message = childMessage();
      const record = { ...(message.payload.record as object), school: '东城第一小学' };
      await expectRefused(() => post(seal({ ...message, payload: { ...message.payload, record } })), {
        status: 400,
        reason: 'malformed',
        message: '报文内容：交换记录不合格：school：不属于约定的交换字段，不得发送',
      });
    });

    it('(h) a record without the name → malformed, naming the field', async () => {
      const message = childMessage();
      const { name: _name, ...record } = message.payload.record as Record<string, unknown>;
      await expectRefused(() => post(seal({ ...message, payload: { ...message.payload, record } })), {
        status: 400,
        reason: 'malformed',
        message: '报文内容：交换记录不合格：name：约定交换的字段，不得缺少',
      });
    });

    it('a payload with a member beside seq, idNumber and record (a phone number) → malformed, naming it', async () => {
      const message = childMessage();
      await expectRefused(
        () => post(seal({ ...message, payload: { ...message.payload, phone: '13900001111' } })),
        { status: 400, reason: 'malformed', message: '报文内容：phone 不属于约定的交换字段，不得发送' },
      );
    });

    it('an ID number index under another key than the pair’s → malformed', async () => {
      const message = childMessage();
      const record = { ...(message.payload.record as object), idNumberIndex: `bi1:${'0'.repeat(64)}` };
      await expectRefused(() => post(seal({ ...message, payload: { ...message.payload, record } })), {
        status: 400,
        reason: 'malformed',
        message: '报文内容：idNumberIndex 与身份证号不符（比对密钥不一致？）',
      });
    });

    it.each<[string, (m: Message) => Message]>([
      ['another child’s reference', (m) => ({ ...m, messageId: `${HEZE}.child-sec-other.1` })],
      ['another sequence number', (m) => ({ ...m, messageId: m.messageId.replace(/\.1$/, '.7') })],
      ['no sender city', (m) => ({ ...m, messageId: m.messageId.slice(HEZE.length + 1) })],
    ])('(i) a message id with %s than its content → malformed', async (_why, change) => {
      await expectRefused(() => post(seal(change(childMessage()))), {
        status: 400,
        reason: 'malformed',
        message: '报文编号须为 <发件城市>.<儿童编号>.<序号>，与内容一致',
      });
    });

    it('a body that is no JSON → malformed', async () => {
      await expectRefused(() => post('{"v":1,'), {
        status: 400,
        reason: 'malformed',
        message: '报文格式错误：(根)：须为JSON对象',
        loggedSender: '',
      });
    });
  });

  it('keeps a message log whose chain verifies, and shows the entry edited in the database', async () => {
    const { zhengzhou } = pair;
    const verify = () =>
      httpJson<Record<string, unknown>>(
        zhengzhou.gateway.httpUrl,
        'GET',
        '/api/v1/exchange/message-log/verify',
        undefined,
        zhengzhou.admin,
      );
    const entries = await logSize();
    expect(entries).toBeGreaterThan(15);
    expect(await verify()).toEqual({ status: 200, body: { ok: true, checked: entries } });

    // An insider turns a refusal into an accepted message, straight in the database.
    const log = db().collection<{ _id: number }>('message_log');
    const refused = await log.findOne({ event: 'refused', outcome: 'bad-signature' });
    const seq = refused?._id as number;
    await log.updateOne({ _id: seq }, { $set: { event: 'received', outcome: 'applied' } });
    expect(await verify()).toEqual({
      status: 200,
      body: { ok: false, brokenAt: seq, problem: 'hash-mismatch' },
    });

    // Put back, the chain verifies again; an entry removed leaves a gap at its number.
    await log.updateOne({ _id: seq }, { $set: { event: 'refused', outcome: 'bad-signature' } });
    expect((await verify()).body).toEqual({ ok: true, checked: entries });
    await log.deleteOne({ _id: seq + 1 });
    expect((await verify()).body).toEqual({ ok: false, brokenAt: seq + 1, problem: 'gap' });
  });

  // Last: it moves Zhengzhou's clock on.
  it('forgets a transmission once its time window has passed; a replay of it is then refused as expired', async () => {
    const envelope = seal(childMessage());
    expect((await post(envelope)).status).toBe(200);
    const seen = db().collection<{ _id: string }>('seen_transmissions');
    const id = `${HEZE}:${envelope.nonce}`;
    const pruner = pair.zhengzhou.gateway.app.get(SeenTransmissionsPruner);

    // Within two windows (±300 s each) it is kept: a replay could still pass the time window.
    pair.zhengzhou.gateway.clock.set(new Date(zhengzhouNow().getTime() + 600_000));
    await pruner.prune();
    expect(await seen.countDocuments({ _id: id })).toBe(1);

    pair.zhengzhou.gateway.clock.set(new Date(zhengzhouNow().getTime() + 61_000 + 1_000));
    expect(await pruner.prune()).toBeGreaterThan(0);
    expect(await seen.countDocuments({ _id: id })).toBe(0);
    await expectRefused(() => post(envelope), {
      status: 408,
      reason: 'expired',
      message: `发送时间 ${envelope.sentAt} 超出允许的时间窗口（±300秒）`,
    });
  });
});

/** The logical message of an envelope (what a new transmission of it is sealed from). */
function envelopeMessage(envelope: Envelope): Message {
  return {
    messageId: envelope.messageId,
    kind: envelope.kind,
    senderCity: envelope.senderCity,
    receiverCity: envelope.receiverCity,
    payload: envelope.payload as Record<string, unknown>,
  };
}
