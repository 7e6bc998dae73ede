// 预防接种 on the real broker and database: doses checked against the national schedule (2021
// edition) with every problem named and nothing stored; a replay changes nothing; the status of
// each dose moves from due to overdue as the calendar moves; other counties are refused; the
// overdue list is longest-overdue first with keyset paging; and the immunisation item (HZ-01)
// is recorded as delivered — published once — when the child has every dose due so far.
import { CatalogueEvents, DeliveryEvents, RegistryEvents, common } from '@care/contracts';
import {
  childFacts,
  httpJson,
  startTestService,
  testActorHeaders,
  TestPublisher,
  TopicProbe,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import { loadHealthInsuranceConfig, type HealthInsuranceConfig } from '../src/config';

const COUNTY = '371702';
const OTHER = '371703';
const health = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_HEALTH',
  counties: COUNTY,
});
const medicalInsurance = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_MEDICAL_INSURANCE',
  counties: COUNTY,
});
const elsewhere = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_HEALTH',
  counties: OTHER,
});
const civilAffairs = testActorHeaders({ role: 'civil-affairs-officer', counties: COUNTY });
const DELIVERY = DeliveryEvents['health-insurance'];

interface DoseRow {
  vaccine: string;
  dose: number;
  status: string;
  dueOn: string;
  givenOn: string | null;
  daysOverdue: number;
}
interface ChildStatus {
  childId: string;
  upToDate: boolean;
  nextDue: { vaccine: string; dose: number; dueOn: string } | null;
  counts: Record<string, number>;
  doses: DoseRow[];
}
interface Recorded {
  replay: boolean;
  deliveryRecorded: boolean;
  status: ChildStatus;
  code?: string;
  field?: string;
  rule?: string;
  message?: string;
  details?: Record<string, string>;
}
interface OverduePage {
  asOf: string;
  items: {
    childId: string;
    mostOverdueDueOn: string;
    overdueCount: number;
    overdue: { vaccine: string }[];
  }[];
  nextCursor?: string;
}

describe('health-insurance: immunisation (real Kafka and database)', () => {
  let service: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    service = await startTestService({
      name: 'health-immunisation',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string, string, boolean][] = [
      ['imm-a', COUNTY, '2026-07-01', false],
      ['imm-b', COUNTY, '2026-03-01', false],
      ['imm-c', COUNTY, '2026-05-10', false],
      ['imm-old', COUNTY, '2019-09-15', false],
      ['imm-gone', COUNTY, '2026-01-01', true],
      ['imm-x', OTHER, '2026-04-01', false],
    ];
    for (const [childId, county, birthDate, movedOut] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county, birthDate, movedOut }),
        hasIdNumber: true,
        registeredAt: '2026-08-01T08:00:00+08:00',
      });
    // The catalogue granted 健康和托育（3岁以下）服务 (HZ-01) to imm-a.
    await publisher.publish(CatalogueEvents.entitlementGranted, 'imm-a', {
      childId: 'imm-a',
      countyCode: COUNTY,
      itemCode: 'HZ-01',
      itemName: '健康和托育（3岁以下）服务',
      departments: [common.Department.DEPARTMENT_HEALTH],
      listVersion: 1,
      grantedAt: '2026-08-01T09:00:00+08:00',
    });
    await waitFor('the children and the grant projected', async () => {
      const page = await httpJson<{ rows: { childId: string }[] }>(
        service.httpUrl,
        'GET',
        '/api/v1/worklist',
        undefined,
        health,
      );
      const known = await service.db.collection('department_children').countDocuments();
      return known === children.length && page.body.rows.some((r) => r.childId === 'imm-a')
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  const record = (body: Record<string, unknown>, headers = health) =>
    httpJson<Recorded>(service.httpUrl, 'POST', '/api/v1/immunisations', body, headers);
  const statusOf = (childId: string, headers = health) =>
    httpJson<ChildStatus & { message?: string }>(
      service.httpUrl,
      'GET',
      `/api/v1/children/${childId}/immunisations`,
      undefined,
      headers,
    );
  const overdue = (query: string, headers = health) =>
    httpJson<OverduePage & { message?: string }>(
      service.httpUrl,
      'GET',
      `/api/v1/immunisations/overdue${query}`,
      undefined,
      headers,
    );
  const dose = (s: ChildStatus, vaccine: string, n: number) =>
    s.doses.find((d) => d.vaccine === vaccine && d.dose === n);
  const stored = () => service.db.collection('immunisation_doses').countDocuments();

  it('refuses a bad dose naming the field and the rule, and stores nothing', async () => {
    const late = await record({ childId: 'imm-a', vaccine: 'HepB', dose: 4, date: '2026-09-21' });
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ code: 'invalid-argument', field: 'dose', rule: '剂次须在程序范围内' });
    expect(late.body.details).toMatchObject({
      problem0: 'dose:剂次须在程序范围内',
      problem1: 'date:不晚于今日',
    });
    expect(late.body.message).toContain('乙肝疫苗共3剂');

    const unknown = await record({ childId: 'imm-a', vaccine: 'HPV', dose: 1, date: '2026-09-01' });
    expect(unknown.body).toMatchObject({ field: 'vaccine', rule: '疫苗须在免疫程序内' });
    const early = await record({ childId: 'imm-a', vaccine: 'BCG', dose: 1, date: '2026-06-30' });
    expect(early.body).toMatchObject({ field: 'date', rule: '不早于出生日期' });
    const shape = await record({ childId: 'imm-a', vaccine: 'BCG', dose: 'one', date: '2026-07-01' });
    expect(shape.status).toBe(400);
    expect(shape.body.field).toBe('dose');
    expect(await stored()).toBe(0);
  });

  it('refuses another department, another county and an unknown child', async () => {
    const good = { childId: 'imm-a', vaccine: 'HepB', dose: 1, date: '2026-07-01' };
    expect((await record(good, medicalInsurance)).status).toBe(403);
    expect((await record(good, elsewhere)).status).toBe(403);
    expect((await statusOf('imm-a', elsewhere)).status).toBe(403);
    expect((await record({ ...good, childId: 'imm-x' })).status).toBe(403);
    expect((await record({ ...good, childId: 'nobody' })).status).toBe(404);
    expect((await statusOf('nobody')).status).toBe(404);
    expect((await overdue(`?countyCode=${OTHER}`)).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it('records doses; a replay changes nothing; a second date for a dose and a short interval are refused', async () => {
    const first = await record({ childId: 'imm-a', vaccine: 'HepB', dose: 1, date: '2026-07-01' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ replay: false, deliveryRecorded: false });
    expect(dose(first.body.status, 'HepB', 1)).toMatchObject({ status: 'given', givenOn: '2026-07-01' });
    const replay = await record({ childId: 'imm-a', vaccine: 'HepB', dose: 1, date: '2026-07-01' });
    expect(replay.body).toMatchObject({ replay: true });
    expect(await stored()).toBe(1);

    const again = await record({ childId: 'imm-a', vaccine: 'HepB', dose: 1, date: '2026-07-03' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ field: 'dose', rule: '剂次不重复' });
    const short = await record({ childId: 'imm-a', vaccine: 'HepB', dose: 2, date: '2026-07-20' });
    expect(short.body).toMatchObject({ field: 'date', rule: '最短接种间隔' });
    expect(short.body.message).toContain('最早可于 2026-07-29 接种');
    expect(await stored()).toBe(1);

    const bcg = await record({ childId: 'imm-a', vaccine: 'BCG', dose: 1, date: '2026-07-02' });
    expect(bcg.status).toBe(201);
    expect(
      await service.db.collection('immunisation_doses').findOne({ _id: 'imm-a|BCG|1' as never }),
    ).toMatchObject({
      childId: 'imm-a',
      vaccine: 'BCG',
      dose: 1,
      date: '2026-07-02',
      countyCode: COUNTY,
      recordedBy: 'test-department-officer',
    });
  });

  it('moves a dose from due to overdue as the clock moves', async () => {
    const now = await statusOf('imm-a');
    expect(now.status).toBe(200);
    expect(dose(now.body, 'HepB', 2)).toMatchObject({
      status: 'overdue',
      dueOn: '2026-08-01',
      daysOverdue: 50,
    });
    expect(dose(now.body, 'IPV', 1)).toMatchObject({ status: 'due', dueOn: '2026-09-01' });
    expect(dose(now.body, 'DTaP', 1)?.status).toBe('not-yet');
    expect(now.body.upToDate).toBe(false);
    // Civil affairs (the programme's lead) reads the status too.
    expect((await statusOf('imm-a', civilAffairs)).status).toBe(200);

    service.clock.set('2026-10-02');
    const later = await statusOf('imm-a');
    expect(dose(later.body, 'IPV', 1)).toMatchObject({ status: 'overdue', daysOverdue: 31 });
    expect(dose(later.body, 'DTaP', 1)?.status).toBe('due');
  });

  it('records the immunisation item as delivered once, when every dose due is given', async () => {
    service.clock.set('2026-10-05');
    const hepB2 = await record({ childId: 'imm-a', vaccine: 'HepB', dose: 2, date: '2026-09-21' });
    expect(hepB2.body.deliveryRecorded).toBe(false);
    await record({ childId: 'imm-a', vaccine: 'IPV', dose: 1, date: '2026-10-05' });
    const done = await record({ childId: 'imm-a', vaccine: 'DTaP', dose: 1, date: '2026-10-05' });
    expect(done.body).toMatchObject({ deliveryRecorded: true, status: { upToDate: true } });
    // 4 months: bOPV dose 1 (its 28 days after IPV dose 2 count once that dose is given).
    expect(done.body.status.nextDue).toMatchObject({ vaccine: 'bOPV', dose: 1, dueOn: '2026-11-01' });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'imm-a');
    expect(event.message).toMatchObject({
      childId: 'imm-a',
      itemCode: 'HZ-01',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-10-05',
      revision: 1,
    });
    // A replay of the completing dose, and the programme going on, publish nothing more.
    expect(
      (await record({ childId: 'imm-a', vaccine: 'DTaP', dose: 1, date: '2026-10-05' })).body,
    ).toMatchObject({
      replay: true,
      deliveryRecorded: true,
    });
    service.clock.set('2026-11-05');
    const next = await record({ childId: 'imm-a', vaccine: 'IPV', dose: 2, date: '2026-11-05' });
    expect(next.body).toMatchObject({ replay: false, deliveryRecorded: true });
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'imm-a', 1500)).rejects.toThrow();
  });

  it('lists the children with overdue doses, longest overdue first, by pages', async () => {
    const all = await overdue(`?countyCode=${COUNTY}`);
    expect(all.status).toBe(200);
    expect(all.body.asOf).toBe('2026-11-05');
    // imm-a is up to date but for doses still in their grace; imm-gone moved out; imm-x is elsewhere.
    expect(all.body.items.map((r) => [r.childId, r.mostOverdueDueOn])).toEqual([
      ['imm-old', '2019-09-15'],
      ['imm-b', '2026-03-01'],
      ['imm-c', '2026-05-10'],
    ]);
    expect(all.body.items[1].overdue.map((d) => d.vaccine)).toContain('HepB');
    expect(all.body.nextCursor).toBeUndefined();

    const first = await overdue('?pageSize=2');
    expect(first.body.items.map((r) => r.childId)).toEqual(['imm-old', 'imm-b']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await overdue(`?pageSize=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r) => r.childId)).toEqual(['imm-c']);
    expect(second.body.nextCursor).toBeUndefined();
    const bad = await overdue('?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect((await overdue('?pageSize=0')).status).toBe(400);
  });
});
