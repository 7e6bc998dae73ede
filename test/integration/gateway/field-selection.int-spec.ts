// Purpose limitation per pair of cities (目的限定): Heze and Zhengzhou agreed to exchange the child's
// facts without the guardian's name and the key-care flag. Two real registries and two real
// gateways over mutual TLS: what crosses the wire carries no such member, the comparison, the tasks
// and the reconciliation report never name them, and a sender sending one anyway (a forger with
// Heze's own certificate and key) is refused as malformed, naming the field, with nothing stored.
import ExcelJS from 'exceljs';
import { makeIdNumber } from '@care/identity';
import {
  CORE_FIELDS,
  SELECTABLE_FIELDS,
  type SelectableField,
  type SharedRecord,
} from '@care/exchange-rules';
import { FieldSealer } from '@care/service-kit';
import { httpJson, waitFor } from '@care/service-kit/testing';
import { registrationBody } from '../../../apps/registry/test/fixtures';
import { envelopeHash, sealEnvelope, type Envelope } from '../../../apps/gateway/src/exchange/envelope';
import { ExchangeClient } from '../../../apps/gateway/src/exchange/exchange-client';
import { ReceiverService } from '../../../apps/gateway/src/exchange/receiver.service';
import {
  loadGatewayIdentity,
  type GatewayIdentity,
  type Peer,
} from '../../../apps/gateway/src/pki/gateway-identity';
import { pairIndex } from '../../../apps/gateway/src/push/record-builder';
import { HEZE, startGatewayPair, ZHENGZHOU, type City, type GatewayPair } from './gateway-pair';

jest.setTimeout(180_000);

const WITHHELD: readonly SelectableField[] = ['guardianName', 'keyCare'];
const SHARED = SELECTABLE_FIELDS.filter((f) => !WITHHELD.includes(f));
const STORED = ['incoming_messages', 'received_children', 'comparison_tasks'] as const;

interface OutgoingMessage {
  _id: string;
  payload: string;
  receipt: { envelopeHash: string; result: { differences: { kind: string; field?: string }[] } };
}

interface Task {
  id: string;
  kind: string;
  field: string | null;
}

/** A child living in Heze's 牡丹区, hukou in Zhengzhou's 中原区, guardian 王建国. */
function hezeChild(seq: number) {
  return registrationBody(
    {
      name: '王小红',
      idNumber: makeIdNumber('410102', '2016-04-09', seq),
      hukouDivisionCode: '410102001',
      hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
      guardians: [{ name: '王建国', relation: '父亲', phone: '13812345678' }],
    },
    seq,
  );
}

/** The same child as Zhengzhou knows it: another guardian name (the withheld field), living at home. */
function zhengzhouChild(seq: number) {
  return registrationBody(
    {
      name: '王小红',
      idNumber: makeIdNumber('410102', '2016-04-09', seq),
      hukouDivisionCode: '410102001',
      hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
      residence: {
        divisionCode: '410105001',
        movedInOn: '2020-09-01',
        address: '河南省郑州市金水区经八路街道1号',
      },
      guardians: [{ name: '王建军', relation: '父亲', phone: '13812345678' }],
      difficultyTypes: [],
      education: { stage: 'primary', school: '经八路小学', grade: '三年级', inSchoolLocally: true },
    },
    seq,
  );
}

async function register(city: City, body: Record<string, unknown>): Promise<string> {
  const res = await httpJson<{ childId: string }>(
    city.registry.httpUrl,
    'POST',
    '/api/v1/children',
    body,
    city.officer,
  );
  expect(res.status).toBe(201);
  return res.body.childId;
}

const openTasks = async (city: City) =>
  (
    await httpJson<{ items: Task[] }>(
      city.gateway.httpUrl,
      'GET',
      '/api/v1/comparison-tasks?status=open',
      undefined,
      city.officer,
    )
  ).body.items;

const recordKeys = (fields: readonly string[]) => [...CORE_FIELDS, ...fields].sort();

describe('a pair that agreed to withhold the guardian name and key care', () => {
  let pair: GatewayPair;
  /** Every envelope as Zhengzhou's listener got it off the wire (the real receiver, only watched). */
  let wire: jest.SpyInstance<ReturnType<ReceiverService['receive']>, Parameters<ReceiverService['receive']>>;
  let hezeIdentity: GatewayIdentity;

  beforeAll(async () => {
    pair = await startGatewayPair('fields', { sharedFields: SHARED });
    wire = jest.spyOn(pair.zhengzhou.gateway.app.get(ReceiverService), 'receive');
    hezeIdentity = loadGatewayIdentity(pair.heze.gateway.config);
  });
  afterAll(() => pair?.close());

  const zz = () => pair.zhengzhou.gateway;
  const open = (city: City, sealed: unknown) =>
    JSON.parse(city.gateway.app.get(FieldSealer).open(sealed as string)) as Record<string, unknown>;

  it('loads the same agreement on both sides', () => {
    const zhengzhouIdentity = loadGatewayIdentity(zz().config);
    expect([...(hezeIdentity.peers.get(ZHENGZHOU)?.fields ?? [])]).toEqual(SHARED);
    expect(zhengzhouIdentity.peers.get(HEZE)?.fields).toEqual(hezeIdentity.peers.get(ZHENGZHOU)?.fields);
  });

  it('pushes the agreed fields only: no withheld member on the wire, in the stored record, the comparison or the tasks', async () => {
    const { heze, zhengzhou } = pair;
    await register(zhengzhou, zhengzhouChild(901));
    const childId = await register(heze, hezeChild(901));
    const outgoing = heze.gateway.db.collection<OutgoingMessage>('outgoing_messages');
    const messageId = `${HEZE}.${childId}.1`;
    const sent = await waitFor(
      'the receipt',
      async () => (await outgoing.findOne({ _id: messageId, status: 'receipted' })) ?? undefined,
    );

    // Heze's outbox keeps its own full record (sealed); what left was narrowed as it was sent.
    const kept = open(heze, sent.payload) as { record: Record<string, unknown> };
    expect(Object.keys(kept.record).sort()).toEqual(recordKeys(SELECTABLE_FIELDS));

    // On the wire: the envelope Zhengzhou's listener received, the one its log and the receipt name.
    const received = wire.mock.calls
      .map(([raw]) => raw as Envelope<{ record: Record<string, unknown> }>)
      .find((e) => e.messageId === messageId);
    expect(received).toBeDefined();
    const envelope = received as Envelope<{ record: Record<string, unknown> }>;
    expect(Object.keys(envelope.payload).sort()).toEqual(['idNumber', 'record', 'seq']);
    expect(Object.keys(envelope.payload.record).sort()).toEqual(recordKeys(SHARED));
    expect(JSON.stringify(envelope)).not.toMatch(/guardianName|keyCare|王建国/);
    expect(envelope.payload.record['name']).toBe('王小红'); // an agreed field does travel
    const logged = await zz()
      .db.collection('message_log')
      .findOne({ direction: 'in', event: 'received', messageId });
    expect(logged?.envelopeHash).toBe(envelopeHash(envelope));
    expect(sent.receipt.envelopeHash).toBe(envelopeHash(envelope));

    // Zhengzhou keeps only what it was meant to get.
    const stored = await zz().db.collection('received_children').findOne({ childRef: childId });
    expect(Object.keys(open(zhengzhou, stored?.record)).sort()).toEqual(recordKeys(SHARED));
    const message = await zz().db.collection('incoming_messages').findOne({ messageId });
    expect(Object.keys((open(zhengzhou, message?.payload) as { record: object }).record).sort()).toEqual(
      recordKeys(SHARED),
    );

    // The guardian names differ, but that field is not shared: only the status conflict is found.
    const differences = (sent.receipt as { result: { differences: { kind: string; field?: string }[] } })
      .result.differences;
    expect(differences.map((d) => `${d.kind}:${d.field}`)).toEqual(['status-conflict:status']);
    expect(stored?.differences).toEqual(differences);
    const tasks = (await openTasks(zhengzhou)).filter((t) => t.id.includes(childId));
    expect(tasks.map((t) => `${t.kind}:${t.field}`)).toEqual(['status-conflict:status']);
  });

  it('reconciles on the agreed fields only: the report never names a withheld field', async () => {
    const { zhengzhou } = pair;
    const started = await httpJson<{ id: string }>(
      zhengzhou.gateway.httpUrl,
      'POST',
      '/api/v1/reconciliations',
      { peerCity: HEZE },
      zhengzhou.admin,
    );
    expect(started.status).toBe(202);
    const job = await waitFor('the reconciliation done', async () => {
      const res = await httpJson<{ status: string; residenceRead: number; byKind: Record<string, number> }>(
        zhengzhou.gateway.httpUrl,
        'GET',
        `/api/v1/reconciliations/${started.body.id}`,
        undefined,
        zhengzhou.admin,
      );
      return res.body.status === 'done' ? res.body : undefined;
    });
    expect(job.residenceRead).toBe(1);
    expect(job.byKind).toEqual({
      'missing-here': 0,
      'missing-there': 0,
      'field-differs': 0,
      'status-conflict': 1,
    });
    const report = await fetch(
      `${zhengzhou.gateway.httpUrl}/api/v1/reconciliations/${started.body.id}/report`,
      {
        headers: zhengzhou.admin,
      },
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('状态');
    expect(JSON.stringify(sheet.getSheetValues())).not.toMatch(/监护人姓名|重点关爱|王\*/);
    const fields = (await openTasks(zhengzhou)).map((t) => t.field);
    expect(fields).not.toContain('guardianName');
    expect(fields).not.toContain('keyCare');
  });

  describe('a sender that does not keep to the agreement (Heze’s own certificate and key)', () => {
    let client: ExchangeClient;
    let children = 0;
    beforeAll(() => {
      client = new ExchangeClient(hezeIdentity, 5_000);
    });
    afterAll(() => client.close());

    /** A correctly signed message of Heze's for a new child, its record as `shape` makes it. */
    function forged(shape: (full: Record<string, unknown>) => Record<string, unknown>): Envelope {
      children += 1;
      const childRef = `child-forged-${children}`;
      const idNumber = makeIdNumber('410102', '2016-04-09', 950 + children);
      const full: Record<string, unknown> = {
        childRef,
        idNumberIndex: pairIndexOf(idNumber),
        name: '赵小安',
        birthDate: '2016-04-09',
        sex: 'female',
        guardianName: '赵大勇',
        guardianRelation: '51',
        hukouAddress: { divisionCode: '410102001', detail: '建设路3号' },
        residenceDivisionCode: '371702001',
        status: 'resident',
        keyCare: true,
        updatedAt: zz().clock.now().toISOString(),
      } satisfies Record<keyof SharedRecord, unknown>;
      return sealEnvelope(
        {
          messageId: `${HEZE}.${childRef}.1`,
          kind: 'child-record',
          senderCity: HEZE,
          receiverCity: ZHENGZHOU,
          payload: { seq: 1, idNumber, record: shape(full) },
        },
        hezeIdentity.signing,
        zz().clock.now(),
      );
    }

    /** Zhengzhou as Heze knows it: its listener, certificate name and the pair's index key. */
    function zhengzhouPeer(): Peer {
      const peer = hezeIdentity.peers.get(ZHENGZHOU);
      if (peer === undefined) throw new Error('Zhengzhou is no peer of Heze');
      return peer;
    }

    /** The index as Heze's push service computes it, under the pair's key. */
    function pairIndexOf(idNumber: string): string {
      return pairIndex(idNumber, zhengzhouPeer().pairIndexKey);
    }

    async function storedCounts(): Promise<Record<string, number>> {
      const counts: Record<string, number> = {};
      for (const name of STORED) counts[name] = await zz().db.collection(name).countDocuments({});
      return counts;
    }

    async function expectMalformed(envelope: Envelope, message: string): Promise<void> {
      const before = await storedCounts();
      const answer = await client.send(zhengzhouPeer(), envelope);
      expect(answer).toEqual({ kind: 'answered', status: 400, body: { reason: 'malformed', message } });
      expect(await storedCounts()).toEqual(before);
      const entry = await zz()
        .db.collection('message_log')
        .findOne({ messageId: envelope.messageId, event: 'refused' });
      expect(entry).toMatchObject({ direction: 'in', peerCity: HEZE, outcome: 'malformed', detail: message });
      expect(JSON.stringify(entry)).not.toMatch(/赵小安|赵大勇|建设路/);
    }

    it('sends every field, the withheld ones too → malformed, naming each, nothing stored', async () => {
      await expectMalformed(
        forged((full) => full),
        '报文内容：交换记录不合格：guardianName：不在本城市对约定的交换字段之内，不得发送；keyCare：不在本城市对约定的交换字段之内，不得发送',
      );
    });

    it('sends one withheld field → malformed, naming it', async () => {
      await expectMalformed(
        forged(({ keyCare: _keyCare, ...rest }) => rest),
        '报文内容：交换记录不合格：guardianName：不在本城市对约定的交换字段之内，不得发送',
      );
    });

    it('leaves out an agreed field → malformed, naming it', async () => {
      await expectMalformed(
        forged(({ guardianName: _g, keyCare: _k, hukouAddress: _h, ...rest }) => rest),
        '报文内容：交换记录不合格：hukouAddress：约定交换的字段，不得缺少',
      );
    });

    it('keeps to the agreement → applied (the forger’s envelope was right in every other respect)', async () => {
      const answer = await client.send(
        zhengzhouPeer(),
        forged(({ guardianName: _g, keyCare: _k, ...rest }) => rest),
      );
      expect(answer).toMatchObject({ kind: 'answered', status: 200, body: { outcome: 'applied' } });
    });
  });
});
