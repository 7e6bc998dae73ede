import request from 'supertest';
import { RegistryEvents } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import { LEDGER_COLUMNS } from '@care/synthetic';
import { TopicProbe } from '@care/service-kit/testing';
import { KeyCareService } from '../src/key-care/key-care.service';
import { IncompleteChildrenRepository } from '../src/import/incomplete.repository';
import { actorHeaders, startRegistry, type RegistryTestApp } from './app-factory';
import { buildLedgerWorkbook, FIRST_DATA_ROW } from './ledger-workbook';

// 补录 (POST /api/v1/incomplete-children/:id/complete) of rows an Attachment 1 import kept as 待补录
// while naming a difficulty type, so completing them opens a key-care ledger entry (issue 11):
// a blank 关爱服务活动 cell (stored as null) once answered 500 and left the child without its
// entry. On the real database and broker: blank and filled ledger cells, a refused completion
// that changes nothing, a wrongly shaped stored cell, and failures injected between the writes.

const TODAY = '2025-06-01';
const COUNTY = '371702'; // 牡丹区
jest.setTimeout(5 * 60_000);

type Row = Record<(typeof LEDGER_COLUMNS)[number], string>;
const toCells = (r: Row) => LEDGER_COLUMNS.map((c) => r[c]);

/** A migrant child in 牡丹区 (曹县 household registration) on the key-care ledger, without an ID number. */
function row(serial: number, over: Partial<Row>): Row {
  return {
    序号: String(serial),
    儿童姓名: '陈小一',
    性别: '男',
    年龄: '9',
    身份证号: '',
    户籍地址: '山东省菏泽市曹县仵楼镇王园村南京路84号',
    现居住地: '菏泽市牡丹区牡丹街道春晖社区解放路58号',
    重点关爱服务对象困境类型: '家庭生活困难',
    '就读学校/年级': '',
    监护人姓名: '陈大山',
    与监护人关系: '父亲',
    监护人联系方式: '15529265472',
    基本情况概述: '',
    关爱服务活动: '',
    备注: '',
    ...over,
  };
}

const blankLedger = row(1, { 儿童姓名: '陈小一', 监护人姓名: '陈大山' });
const fullLedger = row(2, {
  儿童姓名: '林小二',
  性别: '女',
  监护人姓名: '林大海',
  '就读学校/年级': '牡丹区牡丹中心小学/三年级',
  基本情况概述: '父母务工收入低',
  关爱服务活动: '2025-03-01 入户走访\n2025/4/10：送学习用品',
  备注: '持续关注',
});
const crashBeforeLedger = row(3, { 儿童姓名: '黄小三', 监护人姓名: '黄大江', 关爱服务活动: '   ' });
const crashAfterLedger = row(4, { 儿童姓名: '徐小四', 监护人姓名: '徐大河', 基本情况概述: '单亲家庭' });
const badShape = row(5, { 儿童姓名: '何小五', 监护人姓名: '何大湖' });
// Breaks a ledger rule (an activity after the import day): refused at import, never kept to fail at 补录.
const futureActivity = row(6, {
  儿童姓名: '郭小六',
  监护人姓名: '郭大川',
  关爱服务活动: '2025-07-01 入户走访',
});
const KEPT = [blankLedger, fullLedger, crashBeforeLedger, crashAfterLedger, badShape];
const ROWS = [...KEPT, futureActivity];

// The ID numbers the worker completes with (odd sequence: male, even: female, as the rows say).
const ids = {
  blank: makeIdNumber('371721', '2016-03-01', 101),
  full: makeIdNumber('371721', '2016-04-02', 202),
  crashBefore: makeIdNumber('371721', '2016-05-03', 303),
  crashAfter: makeIdNumber('371721', '2016-06-04', 405),
  badShape: makeIdNumber('371721', '2016-07-05', 507),
};
const wrongCheck = (id: string) => id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');

describe('补录 of 待补录 rows on the key-care ledger (real database and Kafka)', () => {
  let registry: RegistryTestApp;
  let probe: TopicProbe;
  const admin = actorHeaders('civil-affairs-admin', COUNTY);
  const http = () => request(registry.httpUrl);
  const children = () => registry.db.collection('children');
  const worklist = () => registry.db.collection('incomplete_children');
  const entries = () => registry.db.collection('key_care_entries');
  /** Worklist record id by sheet row (1-based position in ROWS). */
  const draftId = new Map<number, string>();

  const complete = (id: string, body: Record<string, unknown>) =>
    http().post(`/api/v1/incomplete-children/${id}/complete`).set(admin).send(body);

  /** Nothing of a completion was written: the record as it was, no child, no ledger entry, no event. */
  async function expectUntouched(id: string, before: unknown): Promise<void> {
    expect(await worklist().findOne({ _id: id } as never)).toEqual(before);
    expect(await children().countDocuments({ _id: id } as never)).toBe(0);
    expect(await entries().countDocuments({ childId: id })).toBe(0);
    const mine = (k: string) => k === id;
    expect(await probe.settle(RegistryEvents.childRegistered, mine, 1_000)).toHaveLength(0);
    expect(probe.events(RegistryEvents.keyCareEntryAdded, mine)).toHaveLength(0);
  }

  /** Completed: one child, one open ledger entry, the record gone, each event published once. */
  async function expectCompleted(id: string): Promise<Record<string, unknown>> {
    expect(await worklist().countDocuments({ _id: id } as never)).toBe(0);
    const child = await children().findOne({ _id: id } as never);
    expect(child?.determination.isMigrant).toBe(true);
    const ledger = await entries().find({ childId: id }).toArray();
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      status: 'open',
      source: 'import',
      difficultyTypes: ['family-hardship'],
    });
    const mine = (k: string) => k === id;
    await probe.waitFor(RegistryEvents.childRegistered, 1, mine);
    await probe.waitFor(RegistryEvents.keyCareEntryAdded, 1, mine);
    expect(await probe.settle(RegistryEvents.childRegistered, mine, 1_500)).toHaveLength(1);
    expect(probe.events(RegistryEvents.keyCareEntryAdded, mine)).toHaveLength(1);
    return ledger[0];
  }

  beforeAll(async () => {
    registry = await startRegistry({ name: 'incomplete_completion', today: TODAY });
    probe = await TopicProbe.open(
      registry.config.KAFKA_BROKERS,
      [RegistryEvents.childRegistered, RegistryEvents.keyCareEntryAdded],
      registry.config.EVENT_TOPIC_SUFFIX,
    );
    const file = await buildLedgerWorkbook(ROWS.map(toCells));
    const accepted = await http()
      .post('/api/v1/imports')
      .set(admin)
      .field('countyCode', COUNTY)
      .attach('file', file, 'ledger.xlsx')
      .expect(202);
    let job: Record<string, unknown>;
    for (;;) {
      job = (await http().get(`/api/v1/imports/${accepted.body.jobId}`).set(admin).expect(200)).body;
      if (job.status !== 'queued' && job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job).toMatchObject({ status: 'succeeded', incomplete: KEPT.length, failed: 1, stored: 0 });
    const issues = job.issues as { rowNumber: number; column: string; reason: string; outcome: string }[];
    expect(issues.filter((i) => i.rowNumber === FIRST_DATA_ROW + 5)).toEqual([
      expect.objectContaining({
        column: '关爱服务活动',
        outcome: '未导入',
        reason: expect.stringMatching(/不能晚于今天/),
      }),
    ]);
    const list = (
      await http().get('/api/v1/incomplete-children').query({ countyCode: COUNTY }).set(admin).expect(200)
    ).body as { items: { id: string; source: { rowNumber: number } }[] };
    for (const item of list.items) draftId.set(item.source.rowNumber - FIRST_DATA_ROW + 1, item.id);
    expect(draftId.size).toBe(KEPT.length);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await probe?.close();
    await registry?.close();
  });

  it('stores a blank ledger cell as blank, never as null', async () => {
    const stored = await worklist().findOne({ _id: draftId.get(1) } as never);
    expect(stored?.ledger).toEqual({ difficultyTypes: ['family-hardship'] });
    expect(JSON.stringify(stored?.ledger)).not.toContain('null');
  });

  it('completes a row whose ledger cells were blank: the child and its entry with no care activities yet', async () => {
    const id = draftId.get(1) as string;
    const done = await complete(id, { idNumber: ids.blank }).expect(200);
    expect(done.body).toMatchObject({ child: { childId: id }, keyCare: { outcome: 'added' } });
    const entry = await expectCompleted(id);
    expect(entry).toMatchObject({
      careActivities: [],
      situationSummary: '',
      notes: '',
      school: '',
      grade: '',
    });
  });

  it('refuses a completion that fails validation and changes nothing; then completes the row with its ledger cells', async () => {
    const id = draftId.get(2) as string;
    const before = await worklist().findOne({ _id: id } as never);
    const refused = await complete(id, { idNumber: wrongCheck(ids.full) }).expect(400);
    expect(refused.body).toMatchObject({ code: 'invalid-argument', field: 'idNumber' });
    expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
    await expectUntouched(id, before);

    const done = await complete(id, { idNumber: ids.full }).expect(200);
    expect(done.body.keyCare).toEqual({ outcome: 'added' });
    const entry = await expectCompleted(id);
    expect(entry).toMatchObject({
      situationSummary: '父母务工收入低',
      notes: '持续关注',
      school: '牡丹区牡丹中心小学',
      grade: '三年级',
      careActivities: [
        { on: '2025-03-01', description: '入户走访' },
        { on: '2025-04-10', description: '送学习用品' },
      ],
    });
  });

  it('a wrongly shaped stored ledger cell is a clear 400 naming the field, nothing written; a null one is blank', async () => {
    const id = draftId.get(5) as string;
    await worklist().updateOne({ _id: id } as never, { $set: { 'ledger.careActivities': 42 } });
    const before = await worklist().findOne({ _id: id } as never);
    const refused = await complete(id, { idNumber: ids.badShape }).expect(400);
    expect(refused.body).toMatchObject({ code: 'invalid-argument', field: 'ledger.careActivities' });
    expect(refused.body.message).toMatch(/关爱服务活动/);
    await expectUntouched(id, before);

    // As records written before the fix hold them: blank cells as null.
    await worklist().updateOne({ _id: id } as never, {
      $set: {
        'ledger.careActivities': null,
        'ledger.situation': null,
        'ledger.notes': null,
        'ledger.schoolGrade': null,
      },
    });
    const done = await complete(id, { idNumber: ids.badShape }).expect(200);
    expect(done.body.keyCare).toEqual({ outcome: 'added' });
    expect(await expectCompleted(id)).toMatchObject({ careActivities: [], situationSummary: '', notes: '' });
  });

  it('a failure between the child and its ledger entry leaves the record to retry; the retry finishes both, published once', async () => {
    const id = draftId.get(3) as string;
    const keyCare = registry.app.get(KeyCareService);
    const spy = jest
      .spyOn(keyCare, 'upsertManyFromImport')
      .mockRejectedValueOnce(new Error('injected: process stopped before the ledger write'));
    await complete(id, { idNumber: ids.crashBefore }).expect(500);
    spy.mockRestore();
    // The child is stored (it is valid on its own), the record still on the worklist: not lost.
    expect(await children().countDocuments({ _id: id } as never)).toBe(1);
    expect(await worklist().countDocuments({ _id: id } as never)).toBe(1);
    expect(await entries().countDocuments({ childId: id })).toBe(0);

    const done = await complete(id, { idNumber: ids.crashBefore }).expect(200);
    expect(done.body.keyCare).toEqual({ outcome: 'added' });
    expect(await expectCompleted(id)).toMatchObject({ careActivities: [] });
    await complete(id, { idNumber: ids.crashBefore }).expect(404);
  });

  it('a failure after the ledger entry, before the record is removed: the retry removes it and writes nothing twice', async () => {
    const id = draftId.get(4) as string;
    const records = registry.app.get(IncompleteChildrenRepository);
    const spy = jest
      .spyOn(records, 'remove')
      .mockRejectedValueOnce(new Error('injected: process stopped before removing the record'));
    await complete(id, { idNumber: ids.crashAfter }).expect(500);
    spy.mockRestore();
    expect(await worklist().countDocuments({ _id: id } as never)).toBe(1);
    expect(await entries().countDocuments({ childId: id })).toBe(1);

    const done = await complete(id, { idNumber: ids.crashAfter }).expect(200);
    expect(done.body.keyCare).toEqual({ outcome: 'unchanged' });
    expect(await expectCompleted(id)).toMatchObject({ situationSummary: '单亲家庭', careActivities: [] });
  });

  it('leaves the county worklist empty', async () => {
    const list = (
      await http().get('/api/v1/incomplete-children').query({ countyCode: COUNTY }).set(admin).expect(200)
    ).body;
    expect(list).toMatchObject({ total: 0, items: [] });
  });
});
