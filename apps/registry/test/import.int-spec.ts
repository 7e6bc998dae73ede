import request from 'supertest';
import ExcelJS from 'exceljs';
import { RegistryEvents } from '@care/contracts';
import { LEDGER_HEADERS } from '../src/ledger-excel';
import { actorHeaders, startRegistry, type RegistryTestApp } from './app-factory';
import { TopicProbe } from '@care/service-kit/testing';
import { buildLedgerWorkbook, FIRST_DATA_ROW, ledgerFixture, type LedgerFixture } from './ledger-workbook';

const TODAY = '2025-06-01';
const COUNTY = '371702';
const ROWS = Number(process.env.IMPORT_TEST_ROWS ?? 10_000);
// A generous bound, not a speed target (bench/registry/import.ts measures speed; figures in
// apps/registry/README.md): the whole spec takes well under a minute on an idle machine.
const SLOW = 15 * 60_000;

async function readSheet(buffer: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

jest.setTimeout(SLOW);

describe(`Attachment 1 import of ${ROWS} rows with ~3% bad rows (real database and Kafka)`, () => {
  let registry: RegistryTestApp;
  let probe: TopicProbe;
  let fixture: LedgerFixture;
  let firstJob: Record<string, unknown>;
  let childIds: Set<string>;
  const admin = actorHeaders('civil-affairs-admin', COUNTY);
  const http = () => request(registry.httpUrl);

  async function importFile(
    file: Buffer = fixture.buffer,
  ): Promise<{ job: Record<string, unknown>; seen: Record<string, unknown>[]; ms: number }> {
    const started = Date.now();
    const accepted = await http()
      .post('/api/v1/imports')
      .set(admin)
      .field('countyCode', COUNTY)
      .attach('file', file, 'ledger.xlsx')
      .expect(202);
    expect(accepted.body).toMatchObject({ status: 'queued', countyCode: COUNTY, processed: 0 });
    const seen: Record<string, unknown>[] = [];
    for (;;) {
      const job = (await http().get(`/api/v1/imports/${accepted.body.jobId}`).set(admin).expect(200)).body;
      seen.push(job);
      if (job.status !== 'queued' && job.status !== 'running') return { job, seen, ms: Date.now() - started };
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    registry = await startRegistry({ name: 'import', today: TODAY });
    probe = await TopicProbe.open(
      registry.config.KAFKA_BROKERS,
      [
        RegistryEvents.childRegistered,
        RegistryEvents.childUpdated,
        RegistryEvents.keyCareEntryAdded,
        RegistryEvents.keyCareEntryChanged,
      ],
      registry.config.EVENT_TOPIC_SUFFIX,
    );
    fixture = await ledgerFixture({ countyCode: COUNTY, count: ROWS, badEvery: 33, asOf: TODAY });
  });
  afterAll(async () => {
    await probe?.close();
    await registry?.close();
  });

  it('refuses what is not an Attachment 1 upload for the actor’s county, naming the field', async () => {
    const csv = await http()
      .post('/api/v1/imports')
      .set(admin)
      .field('countyCode', COUNTY)
      .attach('file', Buffer.from('序号,儿童姓名\n1,张三\n'), 'ledger.csv')
      .expect(400);
    expect(csv.body).toMatchObject({ code: 'invalid-argument', field: 'file' });
    const none = await http().post('/api/v1/imports').set(admin).field('countyCode', COUNTY).expect(400);
    expect(none.body).toMatchObject({ code: 'invalid-argument', field: 'file' });
    const other = await http()
      .post('/api/v1/imports')
      .set(admin)
      .field('countyCode', '371728')
      .attach('file', fixture.buffer, 'ledger.xlsx')
      .expect(403);
    expect(other.body.code).toBe('permission-denied');
    await http().get('/api/v1/imports/01JUNKNOWNJOB000000000000').set(admin).expect(404);
  });

  it('stores the good rows, refuses exactly the bad ones, shows progress while it runs', async () => {
    const { job, seen, ms } = await importFile();
    firstJob = job;
    console.log(
      `[import] ${ROWS} rows imported in ${ms} ms (${Math.round((ROWS * 1000) / ms)} rows/s); job`,
      JSON.stringify(job),
    );
    expect(job).toMatchObject({
      status: 'succeeded',
      total: ROWS,
      processed: ROWS,
      stored: fixture.goodRows,
      updated: 0,
      duplicates: 0,
      failed: fixture.badRows.size,
    });
    expect(job.keyCareAdded).toBe(fixture.goodWithTypes);
    expect(job.errorReportUrl).toBe(`/api/v1/imports/${job.jobId}/errors.xlsx`);
    // Progress was visible part-way (a running job with a known total and fewer rows processed).
    expect(
      seen.some((j) => j.status === 'running' && j.total === ROWS && (j.processed as number) < ROWS),
    ).toBe(true);

    const docs = await registry.db
      .collection('children')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    childIds = new Set(docs.map((d) => String(d._id)));
    expect(childIds.size).toBe(fixture.goodRows);
  });

  it('gives back exactly the bad rows with row number, column and reason (errors.xlsx)', async () => {
    const res = await http()
      .get(`/api/v1/imports/${firstJob.jobId}/errors.xlsx`)
      .set(admin)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const [header, ...lines] = await readSheet(res.body as Buffer);
    expect(header.slice(0, 4)).toEqual(['行号', '问题列', '问题及规则', '处理结果']);
    const byRow = new Map<number, { column: string; reason: string }[]>();
    // Refused rows only here (the report also lists the corrections of stored rows).
    for (const line of lines.filter((l) => l[3] === '未导入')) {
      const rowNumber = Number(line[0]);
      byRow.set(rowNumber, [
        ...(byRow.get(rowNumber) ?? []),
        { column: String(line[1]), reason: String(line[2]) },
      ]);
    }
    expect([...byRow.keys()].sort((a, b) => a - b)).toEqual(
      [...fixture.badRows.keys()].sort((a, b) => a - b),
    );
    for (const [rowNumber, column] of fixture.badRows) {
      const problems = byRow.get(rowNumber) ?? [];
      expect(problems.map((p) => p.column)).toContain(column);
      for (const p of problems) expect(p.reason).toMatch(/[\u4e00-\u9fff]/);
    }
    // The report carries no values: no ID number of the file appears in it.
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('publishes the stored rows’ events on the broker (counted on the topics)', async () => {
    const mine = (key: string) => childIds.has(key);
    const started = Date.now();
    const registered = await probe.waitFor(RegistryEvents.childRegistered, fixture.goodRows, mine, SLOW);
    expect(new Set(registered.map((e) => e.key)).size).toBe(fixture.goodRows);
    const added = await probe.waitFor(RegistryEvents.keyCareEntryAdded, fixture.goodWithTypes, mine, SLOW);
    console.log(
      `[import] all ${registered.length} ChildRegistered and ${added.length} KeyCareEntryAdded events on the broker ${Date.now() - started} ms after the job finished`,
    );
    expect(added).toHaveLength(fixture.goodWithTypes);
    for (const e of registered.slice(0, 50)) expect(e.message.facts?.residenceCountyCode).toBe(COUNTY);
  });

  it('a second import of the same file stores nothing new and publishes nothing', async () => {
    const { job, ms } = await importFile();
    console.log(`[import] re-import of ${ROWS} rows in ${ms} ms`);
    expect(job).toMatchObject({
      status: 'succeeded',
      stored: 0,
      updated: 0,
      duplicates: fixture.goodRows,
      failed: fixture.badRows.size,
      keyCareAdded: 0,
      keyCareChanged: 0,
    });
    expect(await registry.db.collection('children').countDocuments()).toBe(fixture.goodRows);
    const mine = (key: string) => childIds.has(key);
    expect(await probe.settle(RegistryEvents.childRegistered, mine, 3_000)).toHaveLength(fixture.goodRows);
    expect(probe.events(RegistryEvents.keyCareEntryAdded, mine)).toHaveLength(fixture.goodWithTypes);
  });

  it('a re-import with changed rows updates exactly those (child facts, or only the ledger columns)', async () => {
    const rows = fixture.rows.map((r) => [...r]);
    const good = (i: number) => !fixture.badRows.has(FIRST_DATA_ROW + i);
    const plain = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => good(i) && r[7] === '')
      .slice(0, 5);
    const withTypes = rows
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => good(i) && r[7] !== '')
      .slice(0, 3);
    plain.forEach(({ r }, k) => (r[11] = `1390000000${k}`)); // 监护人联系方式
    withTypes.forEach(({ r }) => (r[12] = `${r[12]}；已联系社工跟进`)); // 基本情况概述
    const { job } = await importFile(await buildLedgerWorkbook(rows));
    expect(job).toMatchObject({
      status: 'succeeded',
      stored: 0,
      updated: 8,
      duplicates: fixture.goodRows - 8,
      failed: fixture.badRows.size,
      keyCareAdded: 0,
      keyCareChanged: 3,
    });
    const docs = await registry.db
      .collection('children')
      .find({ version: 2 }, { projection: { _id: 1 } })
      .toArray();
    const changed = new Set(docs.map((d) => String(d._id)));
    expect(changed.size).toBe(5);
    const updated = await probe.waitFor(RegistryEvents.childUpdated, 5, (k) => changed.has(k));
    for (const e of updated) expect(e.message.changedFields).toContain('guardians');
    await probe.waitFor(RegistryEvents.keyCareEntryChanged, 3, (k) => childIds.has(k));
  });

  it('keeps names, ID numbers and phones of the file out of the stored documents', async () => {
    // Good rows only: a spoiled row is never stored, and its deliberately short values (a phone
    // of '12345') can occur by chance inside ciphertext or timestamps.
    const sample = fixture.rows.slice(0, 200).filter((_, i) => !fixture.badRows.has(FIRST_DATA_ROW + i));
    const raw = JSON.stringify(await registry.db.collection('children').find({}).limit(2000).toArray());
    for (const row of sample) {
      if (row[1]) expect(raw).not.toContain(row[1]); // 儿童姓名
      if (row[4]) expect(raw).not.toContain(row[4]); // 身份证号
      if (row[11]) expect(raw).not.toContain(row[11]); // 监护人联系方式
    }
  });

  it('exports the ledger with the same 15 headers in the same order', async () => {
    const res = await http()
      .get('/api/v1/key-care/export.xlsx')
      .query({ countyCode: COUNTY })
      .set(admin)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const rows = await readSheet(res.body as Buffer);
    const headerRow = rows.find((r) => r.includes('序号'));
    expect(headerRow).toEqual([...LEDGER_HEADERS]);
    expect(rows.length - rows.indexOf(headerRow as unknown[]) - 1).toBe(fixture.goodWithTypes);
  });
});
