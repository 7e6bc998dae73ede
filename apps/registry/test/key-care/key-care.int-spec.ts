import ExcelJS from 'exceljs';
import { RegistryEvents } from '@care/contracts';
import { status } from '@grpc/grpc-js';
import { actorMetadata, registryGrpcClient, unary } from '../app-factory';
import { TopicProbe } from '@care/service-kit/testing';
import { KeyCareService } from '../../src/key-care/key-care.service';
import { LEDGER_HEADERS } from '../../src/ledger-excel';
import { startRegistry, type RegistryTestApp } from '../app-factory';
import { actorHeaders, http, registerChild } from './ledger-app';

// The key-care ledger against the real FerretDB and Kafka: an entry with two types, its visit
// plan, a recorded visit, the overdue sweep run twice for one date (one VisitOverdue), a refused
// entry, the import path's idempotency and the Attachment 1 export.

const COUNTY = '371702'; // 牡丹区
const TOWNSHIP = '371702001'; // 东城街道
const ZHENGZHOU = '410102'; // 郑州市中原区: the hukou place, another county

interface EntryView {
  entryId: string;
  childId: string;
  version: number;
  status: string;
  difficultyTypes: string[];
  nextVisit: { visitId: string; dueOn: string; workerId: string } | null;
  visits: { visitId: string; visitedOn: string }[];
}

describe('key-care ledger (重点关爱服务对象信息台账)', () => {
  let app: RegistryTestApp;
  let probe: TopicProbe;
  let service: KeyCareService;
  let ours: (key: string) => boolean;
  const childIds = new Set<string>();

  beforeAll(async () => {
    app = await startRegistry({ name: 'keycare', today: '2026-03-01' });
    probe = await TopicProbe.open(
      app.config.KAFKA_BROKERS,
      Object.values(RegistryEvents),
      app.config.EVENT_TOPIC_SUFFIX,
    );
    service = app.app.get(KeyCareService);
    ours = (key) => childIds.has(key);
  });

  afterAll(async () => {
    await probe?.close();
    await app?.close();
  });

  let hardship: { childId: string };
  let entry: EntryView;

  it('opens an entry with two difficulty types and plans its first visit from the opening day', async () => {
    hardship = await registerChild(app, {
      name: '李小花',
      birthDate: '2015-05-20',
      hukouDivisionCode: ZHENGZHOU,
      residenceDivisionCode: TOWNSHIP,
      movedInOn: '2025-06-01',
      difficultyTypes: ['family-hardship', 'disability'],
    });
    childIds.add(hardship.childId);
    const opened = await http<EntryView>(app, 'POST', '/api/v1/key-care/entries', {
      countyCode: COUNTY,
      childId: hardship.childId,
      difficultyTypes: ['disability', 'family-hardship'],
      situationSummary: '随母亲租住，母亲务工收入低，儿童肢体残疾',
      careActivities: [{ on: '2026-02-20', description: '送去康复辅具' }],
      school: '东城小学',
      grade: '四年级',
      visitWorkerId: 'director-7',
    });
    expect(opened.status).toBe(201);
    entry = opened.body;
    expect(entry.difficultyTypes).toEqual(['family-hardship', 'disability']);
    expect(entry.nextVisit).toMatchObject({ dueOn: '2026-06-01', workerId: 'director-7' });

    const added = await probe.waitFor(RegistryEvents.keyCareEntryAdded, 1, ours);
    expect(added[0].message).toMatchObject({
      childId: hardship.childId,
      entryId: entry.entryId,
      countyCode: COUNTY,
      townshipCode: TOWNSHIP,
      difficultyTypes: [1, 2],
    });
    const planned = await probe.waitFor(RegistryEvents.visitPlanned, 1, ours);
    expect(planned[0].message).toMatchObject({
      visitId: entry.nextVisit!.visitId,
      dueOn: '2026-06-01',
      workerId: 'director-7',
    });
  });

  it('refuses a second open entry for the same child', async () => {
    const again = await http(app, 'POST', '/api/v1/key-care/entries', {
      countyCode: COUNTY,
      childId: hardship.childId,
      difficultyTypes: ['family-hardship'],
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already-exists', field: 'childId' });
  });

  it('refuses types the facts do not support: a help request nobody made, a hardship screening did not find, a child who is not migrant', async () => {
    const noRequest = await registerChild(app, {
      name: '赵小明',
      birthDate: '2016-01-10',
      hukouDivisionCode: ZHENGZHOU,
      residenceDivisionCode: TOWNSHIP,
      movedInOn: '2025-05-01',
    });
    const local = await registerChild(app, {
      name: '钱小红',
      birthDate: '2016-01-10',
      hukouDivisionCode: '371702002', // 西城街道: the same county, so not a migrant child
      residenceDivisionCode: TOWNSHIP,
      movedInOn: '2025-05-01',
      askedForHelp: true,
      difficultyTypes: ['vagrancy'],
    });
    childIds.add(noRequest.childId);
    childIds.add(local.childId);
    expect(noRequest.isMigrant).toBe(true);
    expect(local.isMigrant).toBe(false);

    const helpRequest = await http(app, 'POST', '/api/v1/key-care/entries', {
      countyCode: COUNTY,
      childId: noRequest.childId,
      difficultyTypes: ['cross-township-help-request'],
    });
    expect(helpRequest.status).toBe(400);
    expect(helpRequest.body).toMatchObject({ code: 'invalid-argument', field: 'difficultyTypes' });
    expect(String(helpRequest.body.message)).toContain(
      '跨乡镇（街道）主动提出救助帮扶需求”不成立：儿童档案未记录主动提出救助帮扶需求',
    );

    const vagrancy = await http(app, 'POST', '/api/v1/key-care/entries', {
      countyCode: COUNTY,
      childId: noRequest.childId,
      difficultyTypes: ['vagrancy'],
    });
    expect(vagrancy.status).toBe(400);
    expect(String(vagrancy.body.message)).toContain('“流浪”不成立');

    const notMigrant = await http(app, 'POST', '/api/v1/key-care/entries', {
      countyCode: COUNTY,
      childId: local.childId,
      difficultyTypes: ['cross-township-help-request'],
    });
    expect(notMigrant.status).toBe(400);
    expect(String(notMigrant.body.message)).toContain('不属于流动儿童');

    expect(
      await app.db
        .collection('key_care_entries')
        .countDocuments({ childId: { $in: [noRequest.childId, local.childId] } }),
    ).toBe(0);
  });

  it('records a visit and plans the next one from the visit date', async () => {
    app.clock.set('2026-05-20');
    const visited = await http<EntryView>(app, 'POST', `/api/v1/key-care/entries/${entry.entryId}/visits`, {
      countyCode: COUNTY,
      visitedOn: '2026-05-20',
      workerId: 'director-7',
      findings: '儿童在校情况良好，康复训练按时进行',
    });
    expect(visited.status).toBe(201);
    expect(visited.body.visits).toEqual([
      expect.objectContaining({ visitId: entry.nextVisit!.visitId, visitedOn: '2026-05-20' }),
    ]);
    expect(visited.body.nextVisit).toMatchObject({ dueOn: '2026-08-20', workerId: 'director-7' });
    entry = visited.body;

    const recorded = await probe.waitFor(RegistryEvents.visitRecorded, 1, ours);
    expect(recorded[0].message).toMatchObject({
      childId: hardship.childId,
      visitedOn: '2026-05-20',
      workerId: 'director-7',
    });
    const planned = await probe.waitFor(RegistryEvents.visitPlanned, 2, ours);
    expect(planned[1].message).toMatchObject({ visitId: entry.nextVisit!.visitId, dueOn: '2026-08-20' });
  });

  it('lists the visit as overdue per county, worker and township once its due date has passed', async () => {
    const onTime = await http<{ items: unknown[] }>(
      app,
      'GET',
      `/api/v1/key-care/overdue?countyCode=${COUNTY}&asOf=2026-08-20`,
    );
    expect(onTime.body.items).toEqual([]);

    const late = await http<{ items: { childId: string; daysOverdue: number; workerId: string }[] }>(
      app,
      'GET',
      `/api/v1/key-care/overdue?countyCode=${COUNTY}&asOf=2026-08-25`,
    );
    expect(late.body.items).toEqual([
      expect.objectContaining({
        childId: hardship.childId,
        dueOn: '2026-08-20',
        daysOverdue: 5,
        workerId: 'director-7',
      }),
    ]);
    const ofWorker = await http<{ items: unknown[] }>(
      app,
      'GET',
      `/api/v1/key-care/overdue?countyCode=${COUNTY}&asOf=2026-08-25&workerId=director-7`,
    );
    expect(ofWorker.body.items).toHaveLength(1);
    const ofOtherWorker = await http<{ items: unknown[] }>(
      app,
      'GET',
      `/api/v1/key-care/overdue?countyCode=${COUNTY}&asOf=2026-08-25&workerId=director-8`,
    );
    expect(ofOtherWorker.body.items).toHaveLength(0);
    const ofOtherTownship = await http<{ items: unknown[] }>(
      app,
      'GET',
      `/api/v1/key-care/overdue?countyCode=${COUNTY}&asOf=2026-08-25&townshipCode=371702002`,
    );
    expect(ofOtherTownship.body.items).toHaveLength(0);

    const summary = await http(
      app,
      'GET',
      `/api/v1/key-care/overdue/summary?countyCode=${COUNTY}&asOf=2026-08-25`,
    );
    expect(summary.body).toMatchObject({
      total: 1,
      byWorker: [{ key: 'director-7', count: 1 }],
      byTownship: [{ key: TOWNSHIP, count: 1 }],
    });
  });

  it('the overdue sweep for a date emits VisitOverdue exactly once across two runs', async () => {
    app.clock.set('2026-08-21');
    expect(await service.markOverdue('2026-08-21')).toBe(1);
    const second = await http(
      app,
      'POST',
      '/api/v1/key-care/overdue/sweep',
      { countyCode: COUNTY, asOf: '2026-08-21' },
      actorHeaders('civil-affairs-admin'),
    );
    expect(second.body).toEqual({ asOf: '2026-08-21', closed: 0, overdue: 0 });

    const overdue = await probe.waitFor(RegistryEvents.visitOverdue, 1, ours);
    expect(overdue[0].message).toMatchObject({
      childId: hardship.childId,
      visitId: entry.nextVisit!.visitId,
      dueOn: '2026-08-20',
      daysOverdue: 1,
      workerId: 'director-7',
      townshipCode: TOWNSHIP,
    });
    expect(await probe.settle(RegistryEvents.visitOverdue, ours, 1500)).toHaveLength(1);

    const stored = await app.db.collection('key_care_entries').findOne({ _id: entry.entryId as never });
    expect(stored).toMatchObject({ overdueNotified: true, outboxPending: false, outbox: [] });
  });

  it('the import path is idempotent: an unchanged row writes nothing and emits nothing', async () => {
    const row = {
      difficultyTypes: ['family-hardship', 'disability'] as const,
      schoolGrade: '东城小学/四年级',
      situation: '随母亲租住，母亲务工收入低，儿童肢体残疾',
      careActivities: '2026-02-20 送去康复辅具',
      notes: '',
    };
    const before = await app.db.collection('key_care_entries').findOne({ _id: entry.entryId as never });
    expect(
      await service.upsertFromImport(
        hardship.childId,
        { ...row, difficultyTypes: [...row.difficultyTypes] },
        { countyCode: COUNTY },
      ),
    ).toBe('unchanged');
    const after = await app.db.collection('key_care_entries').findOne({ _id: entry.entryId as never });
    expect(after?.version).toBe(before?.version);

    expect(
      await service.upsertFromImport(
        hardship.childId,
        { ...row, difficultyTypes: [...row.difficultyTypes], notes: '母亲已找到稳定工作' },
        { countyCode: COUNTY },
      ),
    ).toBe('changed');
    expect(
      await service.upsertFromImport(
        hardship.childId,
        { ...row, difficultyTypes: [...row.difficultyTypes], notes: '母亲已找到稳定工作' },
        { countyCode: COUNTY },
      ),
    ).toBe('unchanged');
    await probe.waitFor(RegistryEvents.keyCareEntryChanged, 1, ours);
    expect(await probe.settle(RegistryEvents.keyCareEntryChanged, ours, 1500)).toHaveLength(1);
  });

  it('serves ListKeyCareChildren over gRPC, county-scoped, keyset-paged', async () => {
    const client = registryGrpcClient(app.grpcAddress);
    try {
      const page = await unary<{ children: unknown[]; nextPageToken: string }>(
        client,
        'ListKeyCareChildren',
        { countyCode: COUNTY, pageSize: 10 },
        actorMetadata('civil-affairs-officer', COUNTY),
      );
      expect(page.children).toEqual([
        expect.objectContaining({
          childId: hardship.childId,
          entryId: entry.entryId,
          countyCode: COUNTY,
          townshipCode: TOWNSHIP,
          nextVisitDueOn: '2026-08-20',
        }),
      ]);
      expect(page.nextPageToken).toBe('');
      await expect(
        unary(
          client,
          'ListKeyCareChildren',
          { countyCode: COUNTY, pageSize: 10 },
          actorMetadata('civil-affairs-officer', '371721'),
        ),
      ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    } finally {
      client.close();
    }
  });

  it('the bulk import step opens entries for new rows, refuses unsupported ones, and a second run of the same rows writes nothing', async () => {
    const newcomer = await registerChild(app, {
      name: '周小军',
      birthDate: '2014-09-09',
      hukouDivisionCode: ZHENGZHOU,
      residenceDivisionCode: TOWNSHIP,
      movedInOn: '2025-02-01',
      difficultyTypes: ['lack-of-guardianship'],
    });
    const unsupported = await registerChild(app, {
      name: '吴小兰',
      birthDate: '2014-09-09',
      hukouDivisionCode: ZHENGZHOU,
      residenceDivisionCode: TOWNSHIP,
      movedInOn: '2025-02-01',
    });
    childIds.add(newcomer.childId);
    childIds.add(unsupported.childId);
    const rows = [
      {
        childId: newcomer.childId,
        fields: {
          difficultyTypes: ['lack-of-guardianship' as const],
          schoolGrade: '/五年级',
          situation: '父母在外务工，由姑姑临时照看',
          careActivities: '2026-08-01 电话回访\n定期上门',
        },
      },
      { childId: unsupported.childId, fields: { difficultyTypes: ['vagrancy' as const] } },
    ];
    const first = await service.upsertManyFromImport(COUNTY, rows);
    expect(first.map((r) => r.outcome)).toEqual(['added', 'refused']);
    expect(first[1]).toMatchObject({ error: { code: 'invalid-argument', field: 'difficultyTypes' } });
    const second = await service.upsertManyFromImport(COUNTY, rows);
    expect(second.map((r) => r.outcome)).toEqual(['unchanged', 'refused']);

    const stored = await app.db.collection('key_care_entries').findOne({ childId: newcomer.childId });
    // Monthly for lack of guardianship, counted from the import day (2026-08-21).
    expect(stored).toMatchObject({
      status: 'open',
      source: 'import',
      grade: '五年级',
      school: '',
      nextVisitDueOn: '2026-09-21',
      closedOn: null,
      version: 1,
    });
    expect(stored?.careActivities).toEqual([
      { on: '2026-08-01', description: '电话回访' },
      { on: null, description: '定期上门' },
    ]);
    const added = await probe.waitFor(RegistryEvents.keyCareEntryAdded, 2, ours);
    expect(added.map((e) => e.key)).toContain(newcomer.childId);
    expect(
      (await probe.settle(RegistryEvents.keyCareEntryAdded, (key) => key === newcomer.childId, 1000)).length,
    ).toBe(1);
  });

  it('exports Attachment 1 in its column order, masked by default and in full only with a purpose (audited)', async () => {
    const read = async (query: string) => {
      const response = await fetch(
        `${app.httpUrl.replace('[::1]', '127.0.0.1')}/api/v1/key-care/export.xlsx?countyCode=${COUNTY}${query}`,
        { headers: actorHeaders() },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
      const sheet = workbook.worksheets[0];
      const row = (n: number) =>
        (sheet.getRow(n).values as unknown[])
          .slice(1)
          .map((v) => (v === undefined || v === null ? '' : String(v)));
      return { headers: row(2), first: row(3), rows: sheet.actualRowCount };
    };

    const masked = await read('');
    expect(masked.headers).toEqual([...LEDGER_HEADERS]);
    expect(masked.rows).toBe(4); // title, headers, the two open entries
    expect(masked.first[1]).not.toContain('小花');
    expect(masked.first[7]).toBe('家庭生活困难、自身残疾');
    expect(masked.first[8]).toBe('东城小学/四年级');
    expect(masked.first[11]).not.toBe('13812345678');
    expect(masked.first[13]).toBe('2026-02-20 送去康复辅具');

    const refused = await fetch(
      `${app.httpUrl.replace('[::1]', '127.0.0.1')}/api/v1/key-care/export.xlsx?countyCode=${COUNTY}&reveal=name`,
      { headers: actorHeaders() },
    );
    expect(refused.status).toBe(400);

    const full = await read('&reveal=name,guardianPhone&purpose=' + encodeURIComponent('年度走访台账报送'));
    expect(full.first[1]).toBe('李小花');
    expect(full.first[11]).toBe('13812345678');
    const audited = await app.db
      .collection('audit_trail')
      .countDocuments({ recordId: hardship.childId, action: 'reveal' });
    expect(audited).toBe(2);
  });

  it('closes the entry with a reason and emits KeyCareEntryClosed', async () => {
    const closed = await http<EntryView>(app, 'POST', `/api/v1/key-care/entries/${entry.entryId}/close`, {
      countyCode: COUNTY,
      reason: 'difficulty-resolved',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', nextVisit: null });
    const events = await probe.waitFor(RegistryEvents.keyCareEntryClosed, 1, ours);
    expect(events[0].message).toMatchObject({
      childId: hardship.childId,
      entryId: entry.entryId,
      reason: 'difficulty-resolved',
    });
    // A closed entry is never overdue: the next sweep reports only the imported child's visit.
    expect(await service.markOverdue('2027-01-01', COUNTY)).toBe(1);
    expect(
      await probe.settle(RegistryEvents.visitOverdue, (key) => key === hardship.childId, 1000),
    ).toHaveLength(1);
  });

  // A move-out (迁出) closes the entry at once through the ledger's own consumer
  // (children.int-spec.ts). A child who moves to another county produces no event that closes it:
  // the daily sweep is what closes such entries, deterministically here (no consumer races it).
  it('the daily sweep closes the entry of a child who moved to another county, once', async () => {
    app.clock.set('2027-01-10');
    const [open] = (await service.listKeyCareChildren({ countyCode: COUNTY })).children;
    const both = actorHeaders('civil-affairs-officer', `${COUNTY},371721`);
    const child = await http<{ version: number }>(
      app,
      'GET',
      `/api/v1/children/${open.childId}`,
      undefined,
      both,
    );
    const moved = await http(
      app,
      'POST',
      `/api/v1/children/${open.childId}/move-in`,
      {
        version: child.body.version,
        divisionCode: '371721002',
        movedInOn: '2027-01-05',
        address: '曹县磐石街道某路1号',
      },
      both,
    );
    expect(moved.status).toBe(200);
    const sweep = await http(
      app,
      'POST',
      '/api/v1/key-care/overdue/sweep',
      { countyCode: COUNTY },
      actorHeaders('civil-affairs-admin'),
    );
    expect(sweep.body).toEqual({ asOf: '2027-01-10', closed: 1, overdue: 0 });
    const again = await http(
      app,
      'POST',
      '/api/v1/key-care/overdue/sweep',
      { countyCode: COUNTY },
      actorHeaders('civil-affairs-admin'),
    );
    expect(again.body).toEqual({ asOf: '2027-01-10', closed: 0, overdue: 0 });
    const closed = await probe.waitFor(RegistryEvents.keyCareEntryClosed, 1, (key) => key === open.childId);
    expect(closed[0].message).toMatchObject({ entryId: open.entryId, reason: 'moved-out' });
    expect(await app.db.collection('key_care_entries').findOne({ _id: open.entryId as never })).toMatchObject(
      { status: 'closed', closedOn: '2027-01-10', closeReason: 'moved-out' },
    );
    expect((await service.listKeyCareChildren({ countyCode: COUNTY })).children).toEqual([]);
  });
});
