// Heze pushes a migrant child whose hukou is in Zhengzhou to Zhengzhou's gateway over mutual TLS,
// signed with SM2; Zhengzhou verifies, compares with its own registry's record of the child, routes
// each difference to the county office as a task and answers with a signed receipt. Both ends are
// real: two registries, two gateways, the real broker and database, HTTPS sockets.
import ExcelJS from 'exceljs';
import { GatewayEvents, gateway } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import { httpJson, TopicProbe, waitFor, type ProbedEvent } from '@care/service-kit/testing';
import { registrationBody } from '../../../apps/registry/test/fixtures';
import { PushService } from '../../../apps/gateway/src/push/push.service';
import { startGatewayPair, type City, type GatewayPair } from './gateway-pair';

jest.setTimeout(180_000);

interface OutboxRow {
  peerCity: string;
  pending: number;
  receipted: number;
  failing: number;
}

interface Task {
  id: string;
  kind: string;
  field: string | null;
  countyCode: string;
  residenceValue: string | null;
  hukouValue: string | null;
  status: string;
  resolution: string | null;
  version: number;
}

/** A child living in Heze's 牡丹区 whose hukou is in Zhengzhou's 中原区. */
function hezeChild(seq: number, overrides: Record<string, unknown> = {}) {
  return registrationBody(
    {
      name: '王小明',
      idNumber: makeIdNumber('410102', '2015-03-07', seq),
      hukouDivisionCode: '410102001',
      hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
      guardians: [{ name: '王建国', relation: '父亲', phone: '13812345678' }],
      ...overrides,
    },
    seq,
  );
}

/** The same child as Zhengzhou's registry knows it: living at home in 金水区. */
function zhengzhouChild(seq: number, overrides: Record<string, unknown> = {}) {
  return registrationBody(
    {
      name: '王小明',
      idNumber: makeIdNumber('410102', '2015-03-07', seq),
      hukouDivisionCode: '410102001',
      hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
      residence: {
        divisionCode: '410105001',
        movedInOn: '2020-09-01',
        address: '河南省郑州市金水区经八路街道1号',
      },
      guardians: [{ name: '王建军', relation: '父亲', phone: '13812345678' }],
      difficultyTypes: [],
      education: { stage: 'primary', school: '经八路小学', grade: '四年级', inSchoolLocally: true },
      ...overrides,
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
  expect([res.status, res.body]).toEqual([201, expect.objectContaining({ childId: expect.any(String) })]);
  return res.body.childId;
}

async function moveOut(city: City, childId: string, movedOutOn: string, toDivisionCode: string) {
  const child = await httpJson<{ version: number }>(
    city.registry.httpUrl,
    'GET',
    `/api/v1/children/${childId}`,
    undefined,
    city.officer,
  );
  return httpJson(
    city.registry.httpUrl,
    'POST',
    `/api/v1/children/${childId}/move-out`,
    { movedOutOn, toDivisionCode, version: child.body.version },
    city.officer,
  );
}

const outbox = async (city: City) =>
  (await httpJson<OutboxRow[]>(city.gateway.httpUrl, 'GET', '/api/v1/exchange/outbox', undefined, city.admin))
    .body;

const tasks = async (city: City, status = 'open') =>
  (
    await httpJson<{ items: Task[]; total: number }>(
      city.gateway.httpUrl,
      'GET',
      `/api/v1/comparison-tasks?status=${status}`,
      undefined,
      city.officer,
    )
  ).body;

/** The only fields the gateway's events may carry (proto/gateway/v1): ids, codes, states, counts, instants. */
const EVENT_FIELDS = {
  pushSent: ['countyCode', 'messageId', 'peerCity', 'sentAt'],
  pushReceipted: [
    'countyCode',
    'differenceCount',
    'matched',
    'messageId',
    'outcome',
    'peerCity',
    'receiptedAt',
  ],
  comparisonTaskChanged: ['changedAt', 'countyCode', 'dueOn', 'kind', 'senderCity', 'status', 'taskId'],
} as const;

/** No name, ID number, address, phone or school in any event, and no field beyond the contract's. */
function expectNoPersonalField(kind: keyof typeof EVENT_FIELDS, events: readonly ProbedEvent<object>[]) {
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) {
    expect(Object.keys(e.message).sort()).toEqual([...EVENT_FIELDS[kind]]);
    expect(e.producer).toBe('gateway');
  }
  expect(JSON.stringify(events)).not.toMatch(/王|和平路|经八路|138123|4101022015|小学/);
}

describe('cross-region push and comparison between two real gateways', () => {
  let pair: GatewayPair;
  /** Heze's pushes and receipts; Zhengzhou's comparison tasks (each city's own topics). */
  let hezeEvents: TopicProbe;
  let zhengzhouEvents: TopicProbe;

  beforeAll(async () => {
    pair = await startGatewayPair('push');
    const { heze, zhengzhou } = pair;
    hezeEvents = await TopicProbe.open(
      heze.gateway.config.KAFKA_BROKERS,
      [GatewayEvents.pushSent, GatewayEvents.pushReceipted],
      heze.gateway.topicSuffix,
    );
    zhengzhouEvents = await TopicProbe.open(
      zhengzhou.gateway.config.KAFKA_BROKERS,
      [GatewayEvents.comparisonTaskChanged],
      zhengzhou.gateway.topicSuffix,
    );
  });
  afterAll(async () => {
    await hezeEvents?.close();
    await zhengzhouEvents?.close();
    await pair?.close();
  });

  it('pushes a new migrant child to its hukou city, which answers with a signed receipt: unknown there', async () => {
    const { heze, zhengzhou } = pair;
    const childId = await register(heze, hezeChild(801));
    const outgoing = heze.gateway.db.collection('outgoing_messages');
    const message = await waitFor('the receipt', async () => {
      const doc = await outgoing.findOne({ childId, status: 'receipted' });
      return doc ?? undefined;
    });
    expect(message).toMatchObject({ _id: `371700.${childId}.1`, peerCity: '410100', seq: 1 });
    expect(message.receipt).toMatchObject({
      messageId: `371700.${childId}.1`,
      signerCity: '410100',
      outcome: 'applied',
      result: { matched: false, differences: [expect.objectContaining({ kind: 'missing-here' })] },
    });
    // The record is sealed in the outbox: no name, ID number or address in clear.
    expect(JSON.stringify(message)).not.toMatch(/王小明|王建国|和平路|410102201503/);
    // Zhengzhou: one task for 中原区 (the child's hukou county).
    const open = await tasks(zhengzhou);
    expect(open.items).toEqual([
      expect.objectContaining({ kind: 'missing-here', countyCode: '410102', status: 'open' }),
    ]);
    expect(await outbox(heze)).toEqual([{ peerCity: '410100', pending: 0, receipted: 1, failing: 0 }]);
    // The city platform's events: the push and its receipt in Heze (key: the residence county),
    // the task opened in Zhengzhou (key: the hukou county), counts and codes only.
    const messageId = `371700.${childId}.1`;
    const [sent] = await hezeEvents.waitFor(GatewayEvents.pushSent, 1);
    expect(sent).toMatchObject({
      key: '371702',
      message: { messageId, peerCity: '410100', countyCode: '371702' },
    });
    const [receipted] = await hezeEvents.waitFor(GatewayEvents.pushReceipted, 1);
    expect(receipted).toMatchObject({
      key: '371702',
      message: {
        messageId,
        outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED,
        matched: false,
        differenceCount: 1,
      },
    });
    const [opened] = await zhengzhouEvents.waitFor(GatewayEvents.comparisonTaskChanged, 1);
    expect(opened).toMatchObject({
      key: '410102',
      message: {
        taskId: open.items[0].id,
        senderCity: '371700',
        countyCode: '410102',
        kind: gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_HERE,
        status: gateway.TaskStatus.TASK_STATUS_OPEN,
      },
    });
    expectNoPersonalField('pushSent', [sent]);
    expectNoPersonalField('pushReceipted', [receipted]);
    expectNoPersonalField('comparisonTaskChanged', [opened]);
    // Both message logs hold the exchange, and both chains verify.
    const hezeLog = await httpJson<{ event: string }[]>(
      heze.gateway.httpUrl,
      'GET',
      `/api/v1/exchange/messages/371700.${childId}.1`,
      undefined,
      heze.admin,
    );
    expect(hezeLog.body.map((e) => e.event)).toEqual(['receipted']);
    const zzLog = await httpJson<{ event: string; outcome: string }[]>(
      zhengzhou.gateway.httpUrl,
      'GET',
      `/api/v1/exchange/messages/371700.${childId}.1`,
      undefined,
      zhengzhou.admin,
    );
    expect(zzLog.body).toEqual([expect.objectContaining({ event: 'received', outcome: 'applied' })]);
    for (const city of [heze, zhengzhou]) {
      const verified = await httpJson(
        city.gateway.httpUrl,
        'GET',
        '/api/v1/exchange/message-log/verify',
        undefined,
        city.admin,
      );
      expect(verified.body).toMatchObject({ ok: true });
    }
  });

  it('compares field by field with the hukou registry: the guardian differs, and both cities have the child living with them', async () => {
    const { heze, zhengzhou } = pair;
    await register(zhengzhou, zhengzhouChild(802));
    const childId = await register(heze, hezeChild(802));
    const doc = await waitFor(
      'the receipt',
      async () =>
        (await heze.gateway.db.collection('outgoing_messages').findOne({ childId, status: 'receipted' })) ??
        undefined,
    );
    const differences = (
      doc.receipt as { result: { differences: { kind: string; field?: string; residenceValue?: string }[] } }
    ).result.differences;
    expect(differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'status-conflict', field: 'status' }),
        expect.objectContaining({ kind: 'field-differs', field: 'guardianName' }),
      ]),
    );
    // Masked values only (脱敏), never the names in clear.
    expect(JSON.stringify(differences)).not.toMatch(/王建国|王建军/);
    const open = (await tasks(zhengzhou)).items.filter((t) => t.id.includes(childId));
    expect(open.map((t) => `${t.kind}:${t.field}`).sort()).toEqual([
      'field-differs:guardianName',
      'status-conflict:status',
    ]);
    // The county office settles one: 对方记录正确.
    const task = open.find((t) => t.field === 'guardianName') as Task;
    const resolved = await httpJson<Task>(
      zhengzhou.gateway.httpUrl,
      'POST',
      `/api/v1/comparison-tasks/${encodeURIComponent(task.id)}/resolve`,
      { resolution: 'theirs-correct', version: task.version },
      zhengzhou.officer,
    );
    expect([resolved.status, resolved.body.status, resolved.body.resolution]).toEqual([
      200,
      'resolved',
      'theirs-correct',
    ]);
    const again = await httpJson<{ message: string }>(
      zhengzhou.gateway.httpUrl,
      'POST',
      `/api/v1/comparison-tasks/${encodeURIComponent(task.id)}/resolve`,
      { resolution: 'no-action', version: task.version },
      zhengzhou.officer,
    );
    expect([again.status, again.body.message]).toEqual([409, '该差异任务已处理']);
    // Two tasks opened, one resolved: one event each, in the same writes (a refused resolve publishes nothing).
    const ofChild = (e: ProbedEvent<gateway.ComparisonTaskChanged>) => e.message.taskId.includes(childId);
    await zhengzhouEvents.waitFor(GatewayEvents.comparisonTaskChanged, 4);
    const settled = await zhengzhouEvents.settle(GatewayEvents.comparisonTaskChanged, () => true, 1_000);
    expect(
      settled
        .filter(ofChild)
        .map((e) => [e.message.taskId, e.message.status])
        .sort(),
    ).toEqual(
      [
        [task.id, gateway.TaskStatus.TASK_STATUS_OPEN],
        [task.id, gateway.TaskStatus.TASK_STATUS_RESOLVED],
        [open.find((t) => t.field === 'status')?.id, gateway.TaskStatus.TASK_STATUS_OPEN],
      ].sort(),
    );
    expectNoPersonalField('comparisonTaskChanged', settled);
    const bad = await httpJson<{ message: string }>(
      zhengzhou.gateway.httpUrl,
      'POST',
      `/api/v1/comparison-tasks/${encodeURIComponent(task.id)}/resolve`,
      { resolution: 'whatever', version: 0 },
      zhengzhou.officer,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/处理结论（resolution）/);
    // Heze's officers do not see Zhengzhou's tasks (their counties are not Zhengzhou's).
    const wrongCounty = await httpJson(
      zhengzhou.gateway.httpUrl,
      'GET',
      '/api/v1/comparison-tasks?countyCode=410102',
      undefined,
      heze.officer,
    );
    expect(wrongCounty.status).toBe(403);
  });

  it('keeps pushing while the hukou city is down, and delivers everything once when it is back', async () => {
    const { heze, zhengzhou } = pair;
    await pair.stopGateway(zhengzhou);
    const children = [await register(heze, hezeChild(803)), await register(heze, hezeChild(804))];
    const outgoing = heze.gateway.db.collection('outgoing_messages');
    await waitFor('failed attempts while Zhengzhou is down', async () => {
      const failing = await outgoing.countDocuments({
        childId: { $in: children },
        status: 'pending',
        attempts: { $gt: 0 },
      });
      return failing === 2 || undefined;
    });
    // The child moves out of Heze meanwhile: a second message, sent after the first.
    const moved = await moveOut(heze, children[0], '2026-11-30', '410102001');
    expect([moved.status, moved.body]).toEqual([200, expect.anything()]);
    await waitFor(
      'the move-out message written',
      async () => (await outgoing.countDocuments({ childId: children[0] })) === 2 || undefined,
    );
    const failed = await heze.gateway.db.collection('message_log').countDocuments({ event: 'send-failed' });
    expect(failed).toBeGreaterThanOrEqual(2);

    await pair.restartGateway(zhengzhou);
    // Retries are due after the backoff: move Heze's clock past it.
    heze.gateway.clock.set(new Date(heze.gateway.clock.now().getTime() + 5_000));
    await waitFor(
      'all three receipted',
      async () =>
        (await outgoing.countDocuments({ childId: { $in: children }, status: 'receipted' })) === 3 ||
        undefined,
      60_000,
    );
    const first = await outgoing.findOne({ _id: `371700.${children[0]}.1` as never });
    const second = await outgoing.findOne({ _id: `371700.${children[0]}.2` as never });
    expect([first?.receipt.outcome, second?.receipt.outcome]).toEqual(['applied', 'applied']);
    expect((first?.receiptedAt as Date).getTime()).toBeLessThanOrEqual(
      (second?.receiptedAt as Date).getTime(),
    );
    const received = await zhengzhou.gateway.db
      .collection('received_children')
      .findOne({ childRef: children[0] });
    expect(received?.seq).toBe(2);
    const incoming = zhengzhou.gateway.db.collection('incoming_messages');
    expect(await incoming.countDocuments({ childRef: { $in: children } })).toBe(3);

    // The same logical message again (as after a lost receipt): answered as a duplicate, applied once.
    await outgoing.updateOne(
      { _id: `371700.${children[1]}.1` as never },
      { $set: { status: 'pending', attempts: 0, nextAttemptAt: new Date(0) } },
    );
    await waitFor('the duplicate receipted', async () => {
      const doc = await outgoing.findOne({ _id: `371700.${children[1]}.1` as never });
      return (doc?.status === 'receipted' && doc.receipt.outcome === 'duplicate') || undefined;
    });
    expect(await incoming.countDocuments({ childRef: { $in: children } })).toBe(3);
    const dupTasks = (await tasks(zhengzhou)).items.filter((t) => t.id.includes(children[1]));
    expect(dupTasks).toHaveLength(1);
  });

  it('reconciles the two lists in full as a job: progress, counts by kind, a masked Excel report', async () => {
    const { zhengzhou } = pair;
    const started = await httpJson<{ id: string; status: string }>(
      zhengzhou.gateway.httpUrl,
      'POST',
      '/api/v1/reconciliations',
      { peerCity: '371700' },
      zhengzhou.admin,
    );
    expect([started.status, started.body.status]).toEqual([202, 'running']);
    const job = await waitFor('the reconciliation done', async () => {
      const res = await httpJson<{
        status: string;
        residenceRead: number;
        hukouRead: number;
        byKind: Record<string, number>;
      }>(
        zhengzhou.gateway.httpUrl,
        'GET',
        `/api/v1/reconciliations/${started.body.id}`,
        undefined,
        zhengzhou.admin,
      );
      return res.body.status === 'done' ? res.body : undefined;
    });
    // Heze pushed four children (801, 802, 803, 804); Zhengzhou's registry holds one of them (802).
    expect(job.residenceRead).toBe(4);
    expect(job.hukouRead).toBe(1);
    expect(job.byKind).toEqual({
      'missing-here': 3,
      'missing-there': 0,
      'field-differs': 1,
      'status-conflict': 1,
    });
    const report = await fetch(
      `${zhengzhou.gateway.httpUrl}/api/v1/reconciliations/${started.body.id}/report`,
      { headers: zhengzhou.admin },
    );
    expect(report.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await report.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '差异类型',
      '字段',
      '居住地值(脱敏)',
      '户籍地值(脱敏)',
      '儿童编号',
    ]);
    expect(sheet.rowCount).toBe(1 + 5);
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).not.toMatch(/王建国|王建军|王小明|和平路/);
    // Officers may not start one (the city administrator does), and an unknown partner is refused by name.
    const officer = await httpJson(
      zhengzhou.gateway.httpUrl,
      'POST',
      '/api/v1/reconciliations',
      { peerCity: '371700' },
      zhengzhou.officer,
    );
    expect(officer.status).toBe(403);
    const unknown = await httpJson<{ message: string }>(
      zhengzhou.gateway.httpUrl,
      'POST',
      '/api/v1/reconciliations',
      { peerCity: '110100' },
      zhengzhou.admin,
    );
    expect([unknown.status, unknown.body.message]).toEqual([
      400,
      expect.stringContaining('不是本市的交换对端'),
    ]);
  });

  it('keeps a change while its own registry cannot be read, and pushes the child once it can: nothing lost, nothing dead-lettered', async () => {
    const { heze, zhengzhou } = pair;
    const outgoing = heze.gateway.db.collection('outgoing_messages');
    const parked = () =>
      httpJson<{ waiting: number; lastError: string | null }>(
        heze.gateway.httpUrl,
        'GET',
        '/api/v1/exchange/parked',
        undefined,
        heze.admin,
      );
    heze.registryLink.cut();
    const childId = await register(heze, hezeChild(805));
    await waitFor('the change parked', async () => ((await parked()).body.waiting === 1 ? true : undefined));
    expect((await parked()).body.lastError).toEqual(expect.any(String));
    // A second change of the child meanwhile joins the parked one (the child's order holds).
    const updated = await httpJson(
      heze.registry.httpUrl,
      'PATCH',
      `/api/v1/children/${childId}`,
      { version: 1, residenceAddress: '菏泽市牡丹区人民路 88 号' },
      heze.officer,
    );
    expect(updated.status).toBe(200);
    await waitFor('the update merged into the parked change', async () => {
      const doc = await heze.gateway.db.collection('parked_changes').findOne({ _id: childId as never });
      return (doc?.rev ?? 0) >= 2 || undefined;
    });
    expect(await outgoing.countDocuments({ childId })).toBe(0);

    heze.registryLink.restore();
    const message = await waitFor(
      'the child pushed and receipted',
      async () => {
        // Heze's clock stands still in tests: move it to the parked change's next try.
        const waiting = await heze.gateway.db.collection('parked_changes').findOne({ _id: childId as never });
        const due = (waiting?.nextAttemptAt as Date | undefined)?.getTime() ?? 0;
        if (due > heze.gateway.clock.now().getTime()) heze.gateway.clock.set(new Date(due));
        return (await outgoing.findOne({ childId, status: 'receipted' })) ?? undefined;
      },
      60_000,
    );
    // One read of the registry after the outage pushes the child as it is now: one message.
    expect(message).toMatchObject({ _id: `371700.${childId}.1`, seq: 1 });
    expect(message.receipt.outcome).toBe('applied');
    expect(await outgoing.countDocuments({ childId })).toBe(1);
    await waitFor('nothing parked', async () => ((await parked()).body.waiting === 0 ? true : undefined));
    const received = await zhengzhou.gateway.db
      .collection('received_children')
      .findOne({ childRef: childId });
    expect(received?.seq).toBe(1);
  });

  it('applies concurrent changes of one child (the registry topics are consumed at once) once each, nothing dead-lettered', async () => {
    const { heze } = pair;
    const push = heze.gateway.app.get(PushService);
    const outgoing = heze.gateway.db.collection('outgoing_messages');
    // A new child: the consumer handles its registration while six more changes of it race in.
    const childId = await register(heze, hezeChild(861));
    const change = (factsVersion: number) => push.onChange({ kind: 'facts', childId, factsVersion });
    await expect(Promise.all(Array.from({ length: 6 }, () => change(1)))).resolves.toHaveLength(6);
    await waitFor('the first message', async () => (await outgoing.findOne({ childId })) ?? undefined);
    // A newer change, six times at once on the child's existing state: one more message.
    await expect(Promise.all(Array.from({ length: 6 }, () => change(2)))).resolves.toHaveLength(6);
    const ids = (await outgoing.find({ childId }).sort({ seq: 1 }).toArray()).map((m) => m._id);
    expect(ids).toEqual([`371700.${childId}.1`, `371700.${childId}.2`]);
    const state = await heze.gateway.db.collection('exchange_children').findOne({ _id: childId as never });
    expect(state).toMatchObject({ seq: 2, factsVersion: 2 });
  });
});
