// 0～3岁儿童健康管理 on the real broker and database: visits checked against the schedule of the
// 国家基本公共卫生服务规范（第三版） with every problem named and nothing stored; other
// departments and counties refused; a replay changes nothing; the county's overdue list is
// longest-overdue first with keyset pages; and the health-management item (HZ-01) granted by
// the catalogue leaves the worklist, delivered — published once — with the first visit.
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
const CLINIC = '12371702MB0000001F';
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

interface VisitRow {
  visit: string;
  status: string;
  opensOn: string;
  lastDay: string;
  overdueFrom: string;
  doneOn: string | null;
  daysOverdue: number;
  institutionCode: string | null;
  results: string[];
}
interface ChildStatus {
  childId: string;
  managed: boolean;
  managedOn: string | null;
  nextDue: { visit: string } | null;
  counts: Record<string, number>;
  visits: VisitRow[];
}
interface Answer {
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
    keyCare: boolean;
    overdue: { visit: string; daysOverdue: number }[];
  }[];
  nextCursor?: string;
}

describe('health-insurance: 0～3岁儿童健康管理 (real Kafka and database)', () => {
  let service: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    service = await startTestService({
      name: 'health-child-health',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-06-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string, string, boolean][] = [
      ['ch-a', COUNTY, '2026-03-01', false], // 3月龄 overdue from 2026-06-16
      ['ch-b', COUNTY, '2026-06-05', false], // 新生儿家庭访视 overdue from 2026-06-13
      ['ch-c', COUNTY, '2026-02-20', false], // 3月龄 overdue from 2026-06-04
      ['ch-old', COUNTY, '2023-01-01', false], // 36月龄 overdue from 2026-01-16
      ['ch-four', COUNTY, '2022-01-01', false], // over 42 months: no window left
      ['ch-gone', COUNTY, '2026-06-01', true],
      ['ch-x', OTHER, '2026-03-01', false],
    ];
    for (const [childId, county, birthDate, movedOut] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county, birthDate, movedOut }),
        hasIdNumber: true,
        registeredAt: '2026-06-01T08:00:00+08:00',
      });
    // The catalogue granted 健康和托育（3岁以下）服务 (HZ-01) to ch-a.
    await publisher.publish(CatalogueEvents.entitlementGranted, 'ch-a', {
      childId: 'ch-a',
      countyCode: COUNTY,
      itemCode: 'HZ-01',
      itemName: '健康和托育（3岁以下）服务',
      departments: [common.Department.DEPARTMENT_HEALTH],
      listVersion: 1,
      grantedAt: '2026-06-01T09:00:00+08:00',
    });
    await waitFor('the children and the grant projected', async () => {
      const known = await service.db.collection('department_children').countDocuments();
      return known === children.length && (await onWorklist('ch-a')) ? true : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  const onWorklist = async (childId: string) =>
    (
      await httpJson<{ rows: { childId: string }[] }>(
        service.httpUrl,
        'GET',
        '/api/v1/worklist',
        undefined,
        health,
      )
    ).body.rows.some((r) => r.childId === childId);
  const record = (body: Record<string, unknown>, headers = health) =>
    httpJson<Answer>(service.httpUrl, 'POST', '/api/v1/child-health/visits', body, headers);
  const statusOf = (childId: string, headers = health) =>
    httpJson<ChildStatus & { message?: string }>(
      service.httpUrl,
      'GET',
      `/api/v1/children/${childId}/child-health`,
      undefined,
      headers,
    );
  const overdue = (query: string, headers = health) =>
    httpJson<OverduePage & { message?: string }>(
      service.httpUrl,
      'GET',
      `/api/v1/child-health/overdue${query}`,
      undefined,
      headers,
    );
  const stored = () => service.db.collection('child_health_visits').countDocuments();
  const good = {
    childId: 'ch-a',
    visit: 'month-3',
    date: '2026-06-10',
    institutionCode: CLINIC,
    results: ['normal'],
  };

  it.each<[string, Record<string, unknown>, string, string, string]>([
    ['an unknown visit', { visit: 'month-4' }, 'visit', '访视须在服务规范内', 'month-4'],
    ['a date after today', { date: '2026-06-21' }, 'date', '不晚于今日', '不能晚于今日 2026-06-20'],
    [
      'a date outside the window',
      { date: '2026-04-30' },
      'date',
      '须在该次访视的月龄范围内',
      '2026-05-01 至 2026-07-15',
    ],
    [
      'a date before the birth',
      { visit: 'newborn', date: '2026-02-28' },
      'date',
      '不早于出生日期',
      '早于儿童出生日期',
    ],
    ['a date that is no date', { date: '2026-06-31' }, 'date', '日期格式', 'YYYY-MM-DD'],
    [
      'an institution name',
      { institutionCode: '牡丹区卫生院' },
      'institutionCode',
      '机构代码格式',
      '统一社会信用代码',
    ],
    [
      'a wrong check character',
      { institutionCode: '12371702MB0000001G' },
      'institutionCode',
      '机构代码校验位',
      '校验位',
    ],
    ['an unknown result', { results: ['healthy'] }, 'results', '结果代码须在代码表内', 'healthy'],
    ['free text as a result', { results: ['体重偏低'] }, 'results', '结果代码须在代码表内', '不在代码表内'],
    [
      'normal beside a finding',
      { results: ['normal', 'anaemia'] },
      'results',
      '未见异常不与其他结果同填',
      '未见异常',
    ],
    ['no results', { results: [] }, 'results', '须填写结果代码', '至少一项'],
  ])(
    'refuses %s naming the field and the rule in Chinese, storing nothing',
    async (_why, change, field, rule, text) => {
      const answer = await record({ ...good, ...change });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid-argument', field, rule });
      expect(answer.body.message).toContain(`字段 ${field}：`);
      expect(answer.body.message).toContain(text);
      expect(answer.body.details).toMatchObject({ problem0: `${field}:${rule}` });
      expect(await stored()).toBe(0);
    },
  );

  it('refuses a malformed body before the rules, and names every problem of a bad visit at once', async () => {
    const shape = await record({ ...good, results: 'normal' });
    expect(shape.status).toBe(400);
    expect(shape.body.field).toBe('results');
    expect((await record({ ...good, extra: 'x' })).status).toBe(400);
    const many = await record({ ...good, visit: 'month-5', institutionCode: 'x', results: [] });
    expect(many.body.details).toEqual({
      problem0: 'visit:访视须在服务规范内',
      problem1: 'institutionCode:机构代码格式',
      problem2: 'results:须填写结果代码',
    });
    expect(await stored()).toBe(0);
  });

  it('refuses another department, another county and an unknown child', async () => {
    expect((await record(good, medicalInsurance)).status).toBe(403);
    expect((await record(good, civilAffairs)).status).toBe(403);
    expect((await record(good, elsewhere)).status).toBe(403);
    expect((await statusOf('ch-a', elsewhere)).status).toBe(403);
    expect((await record({ ...good, childId: 'ch-x' })).status).toBe(403);
    expect((await record({ ...good, childId: 'nobody' })).status).toBe(404);
    expect((await statusOf('nobody')).status).toBe(404);
    expect((await overdue(`?countyCode=${OTHER}`)).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it('shows each child’s visits: done, due, overdue, missed, not yet', async () => {
    const a = await statusOf('ch-a');
    expect(a.status).toBe(200);
    const visit = (s: ChildStatus, code: string) => s.visits.find((v) => v.visit === code);
    expect(visit(a.body, 'newborn')).toMatchObject({ status: 'missed', lastDay: '2026-03-29' });
    expect(visit(a.body, 'month-3')).toMatchObject({
      status: 'overdue',
      overdueFrom: '2026-06-16',
      daysOverdue: 4,
    });
    expect(visit(a.body, 'month-6')?.status).toBe('not-yet');
    expect(a.body).toMatchObject({ managed: false, nextDue: { visit: 'month-3' } });
    // Civil affairs (the programme's lead) and medical insurance read it too.
    expect((await statusOf('ch-a', civilAffairs)).status).toBe(200);
    expect((await statusOf('ch-a', medicalInsurance)).status).toBe(200);
  });

  it('lists the children with an overdue visit, longest overdue first, by pages', async () => {
    const all = await overdue(`?countyCode=${COUNTY}`);
    expect(all.status).toBe(200);
    // ch-four is past every window, ch-gone moved out, ch-x lives elsewhere.
    expect(all.body.items.map((r) => [r.childId, r.mostOverdueDueOn])).toEqual([
      ['ch-old', '2026-01-16'],
      ['ch-c', '2026-06-04'],
      ['ch-b', '2026-06-13'],
      ['ch-a', '2026-06-16'],
    ]);
    expect(all.body.items[2].overdue).toEqual([
      expect.objectContaining({ visit: 'newborn', daysOverdue: 7 }),
    ]);
    const first = await overdue('?pageSize=3');
    expect(first.body.items.map((r) => r.childId)).toEqual(['ch-old', 'ch-c', 'ch-b']);
    const second = await overdue(`?pageSize=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r) => r.childId)).toEqual(['ch-a']);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await overdue('?cursor=nonsense')).status).toBe(400);
    expect((await overdue('?pageSize=0')).status).toBe(400);
  });

  it('records a visit, delivers HZ-01 once (off the worklist, published once); a replay changes nothing', async () => {
    const first = await record({ ...good, results: ['referred', 'anaemia'] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replay: false,
      deliveryRecorded: true,
      status: { managed: true, managedOn: '2026-06-10' },
    });
    expect(first.body.status.visits.find((v) => v.visit === 'month-3')).toMatchObject({
      status: 'done',
      doneOn: '2026-06-10',
      institutionCode: CLINIC,
      results: ['anaemia', 'referred'],
    });
    expect(
      await service.db.collection('child_health_visits').findOne({ _id: 'ch-a|month-3' as never }),
    ).toMatchObject({
      childId: 'ch-a',
      visit: 'month-3',
      date: '2026-06-10',
      institutionCode: CLINIC,
      results: ['anaemia', 'referred'],
      countyCode: COUNTY,
      recordedBy: 'test-department-officer',
    });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'ch-a');
    expect(event.message).toMatchObject({
      childId: 'ch-a',
      itemCode: 'HZ-01',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-06-10',
      revision: 1,
    });
    expect(await onWorklist('ch-a')).toBe(false);

    const replay = await record({ ...good, results: ['anaemia', 'referred'] });
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replay: true, deliveryRecorded: true });
    const changed = await record({ ...good, results: ['normal'] });
    expect(changed.status).toBe(400);
    expect(changed.body).toMatchObject({ field: 'visit', rule: '访视不重复' });
    expect(await stored()).toBe(1);

    // The next visit is the management going on: nothing more is published.
    service.clock.set('2026-07-20');
    const next = await record({ ...good, visit: 'month-6', date: '2026-07-20' });
    expect(next.body).toMatchObject({ replay: false, deliveryRecorded: true });
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'ch-a', 1500)).rejects.toThrow();
    // As the calendar moves, missed windows leave the list: ch-old's 36月龄 closed on 2026-06-30,
    // ch-b's newborn visit on 2026-07-03; ch-c's 6月龄 is due, not yet overdue; ch-a is done.
    const list = await overdue('');
    expect(list.body.items).toEqual([]);
    expect((await statusOf('ch-old')).body.visits.find((v) => v.visit === 'month-36')?.status).toBe('missed');
  });

  it('a child without the entitlement gets the visit recorded and no delivery', async () => {
    const answer = await record({
      childId: 'ch-old',
      visit: 'month-36',
      date: '2026-06-25',
      institutionCode: CLINIC,
      results: ['caries', 'guidance'],
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ replay: false, deliveryRecorded: false, status: { managed: true } });
    await expect(probe.waitFor(DELIVERY, 1, (key) => key === 'ch-old', 1000)).rejects.toThrow();
  });
});
