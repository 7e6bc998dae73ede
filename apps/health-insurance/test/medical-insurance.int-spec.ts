// 城乡居民基本医疗保险 on the real broker and database: an eligible enrolment where the child
// lives with the contribution exempted from the child's facts (a difficulty type); every unmet
// condition named and nothing stored; a replayed application or step harmless; a stale revision
// 409; another county 403; the medical-insurance item (HZ-07) delivered — published once — on
// enrolment; 异地就医备案 listed per county, expiring soon first; and the lapse at year end
// (断保) unless renewed, as the clock moves.
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
const officer = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_MEDICAL_INSURANCE',
  counties: COUNTY,
});
const elsewhere = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_MEDICAL_INSURANCE',
  counties: OTHER,
});
const health = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_HEALTH',
  counties: COUNTY,
});
const civilAffairs = testActorHeaders({ role: 'civil-affairs-officer', counties: COUNTY });
const DELIVERY = DeliveryEvents['health-insurance'];
const D = common.DifficultyType;

interface Enrolment {
  childId: string;
  coverageYear: number;
  coverageStart: string;
  state: string;
  stateLabel: string;
  revision: number;
  enrolledOn: string | null;
  reason: string;
  contribution: {
    standardFen: number;
    contributionFen: number;
    exemption: { category: string; labelZh: string } | null;
    demo: boolean;
    text: string;
  };
  steps: { seq: number; action: string }[];
  availableActions: { action: string }[];
}
interface Problem {
  code?: string;
  field?: string;
  rule?: string;
  message?: string;
  details?: Record<string, string>;
}
type Result = { enrolment: Enrolment; replay: boolean; deliveryRecorded: boolean } & Problem;
interface Filing {
  childId: string;
  validUntil: string;
  status: string;
  typeLabel: string;
  daysLeft: number;
}
interface Status {
  year: number;
  coverage: string;
  insuredToday: boolean;
  enrolmentPeriod: { open: boolean; coverageYear: number };
  standard: { demo: boolean };
  enrolments: { coverageYear: number; state: string }[];
  settlementFilings: Filing[];
}

describe('health-insurance: resident medical insurance (real Kafka and database)', () => {
  let service: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    service = await startTestService({
      name: 'health-medical-insurance',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-10-10',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string, Partial<common.ChildFacts>][] = [
      // 自身残疾 (a difficulty type): with the officer's 一、二级 statement, a full subsidy.
      ['mi-a', COUNTY, { disabled: true, difficultyTypes: [D.DIFFICULTY_TYPE_DISABILITY] }],
      ['mi-low', COUNTY, { minimumLiving: true, difficultyTypes: [D.DIFFICULTY_TYPE_FAMILY_HARDSHIP] }],
      ['mi-orphan', COUNTY, { orphan: true, difficultyTypes: [D.DIFFICULTY_TYPE_LACK_OF_GUARDIANSHIP] }],
      ['mi-gone', COUNTY, { movedOut: true }],
      ['mi-hukou', COUNTY, {}],
      ['mi-hukou2', COUNTY, {}],
      ['mi-x', OTHER, {}],
    ];
    for (const [childId, county, facts] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county, ...facts }),
        hasIdNumber: true,
        registeredAt: '2026-08-01T08:00:00+08:00',
      });
    // The catalogue granted 医疗保障服务 (HZ-07) to mi-a and mi-hukou.
    for (const childId of ['mi-a', 'mi-hukou'])
      await publisher.publish(CatalogueEvents.entitlementGranted, childId, {
        childId,
        countyCode: COUNTY,
        itemCode: 'HZ-07',
        itemName: '医疗保障服务',
        departments: [common.Department.DEPARTMENT_MEDICAL_INSURANCE],
        listVersion: 1,
        grantedAt: '2026-08-01T09:00:00+08:00',
      });
    await waitFor('the children and the grants projected', async () => {
      const page = await httpJson<{ rows: { childId: string }[] }>(
        service.httpUrl,
        'GET',
        '/api/v1/worklist',
        undefined,
        officer,
      );
      const known = await service.db.collection('department_children').countDocuments();
      return known === children.length &&
        page.body.rows.filter((r) => r.childId.startsWith('mi-')).length === 2
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  const apply = (body: Record<string, unknown>, headers = officer) =>
    httpJson<Result>(service.httpUrl, 'POST', '/api/v1/medical-insurance/enrolments', body, headers);
  const act = (childId: string, year: number, body: Record<string, unknown>, headers = officer) =>
    httpJson<Result>(
      service.httpUrl,
      'POST',
      `/api/v1/medical-insurance/enrolments/${childId}/${year}/actions`,
      body,
      headers,
    );
  const enrolment = (childId: string, year: number, headers = officer) =>
    httpJson<Enrolment & Problem>(
      service.httpUrl,
      'GET',
      `/api/v1/medical-insurance/enrolments/${childId}/${year}`,
      undefined,
      headers,
    );
  const statusOf = (childId: string, headers = officer) =>
    httpJson<Status & Problem>(
      service.httpUrl,
      'GET',
      `/api/v1/children/${childId}/medical-insurance`,
      undefined,
      headers,
    );
  const file = (body: Record<string, unknown>, headers = officer) =>
    httpJson<{ filing: Filing; replay: boolean; deliveryRecorded: boolean } & Problem>(
      service.httpUrl,
      'POST',
      '/api/v1/medical-insurance/settlement-filings',
      body,
      headers,
    );
  const filings = (query: string, headers = officer) =>
    httpJson<{ items: Filing[]; nextCursor?: string } & Problem>(
      service.httpUrl,
      'GET',
      `/api/v1/medical-insurance/settlement-filings${query}`,
      undefined,
      headers,
    );
  const stored = () => service.db.collection('medical_insurance_enrolments').countDocuments();
  const good = {
    childId: 'mi-a',
    residencePermit: true,
    migrantWorkerChild: false,
    hukouEnrolment: 'none',
    severeDisability: true,
  };

  it('describes its endpoints in the OpenAPI document', async () => {
    const docs = await httpJson<{ paths: Record<string, unknown> }>(service.httpUrl, 'GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/medical-insurance/enrolments',
        '/api/v1/medical-insurance/enrolments/{childId}/{year}/actions',
        '/api/v1/children/{childId}/medical-insurance',
        '/api/v1/medical-insurance/settlement-filings',
      ]),
    );
  });

  it('names every unmet condition and stores nothing', async () => {
    const all = await apply({
      childId: 'mi-gone',
      residencePermit: false,
      migrantWorkerChild: false,
      hukouEnrolment: 'unknown',
      severeDisability: true,
      appliedOn: '2026-08-20',
    });
    expect(all.status).toBe(400);
    expect(all.body).toMatchObject({
      code: 'invalid-argument',
      field: 'childId',
      rule: '须为居住在本县区的流动儿童',
    });
    expect(all.body.details).toEqual({
      problem0: 'childId:须为居住在本县区的流动儿童',
      problem1: 'appliedOn:须在集中缴费期内',
      problem2: 'residencePermit:须持居住证或为农民工随迁子女',
      problem3: 'hukouEnrolment:不得重复参保',
      problem4: 'severeDisability:须为登记在册的残疾儿童',
    });
    expect(all.body.message).toContain('集中缴费期为每年9月1日至12月31日');

    const noStop = await apply({ ...good, hukouEnrolment: 'enrolled-at-hukou' });
    expect(noStop.body).toMatchObject({ field: 'hukouStopDate', rule: '户籍地已参保须停保或转移' });
    const lateStop = await apply({
      ...good,
      hukouEnrolment: 'enrolled-at-hukou',
      hukouStopDate: '2027-02-01',
    });
    expect(lateStop.body).toMatchObject({ field: 'hukouStopDate', rule: '不得重复参保' });
    const wrongYear = await apply({ ...good, coverageYear: 2026 });
    expect(wrongYear.body).toMatchObject({ field: 'coverageYear', rule: '须为可参保年度' });
    const shape = await apply({ ...good, residencePermit: 'yes' });
    expect(shape.status).toBe(400);
    expect(shape.body.field).toBe('residencePermit');
    expect(await stored()).toBe(0);
  });

  it('refuses another department, another county and an unknown child', async () => {
    expect((await apply(good, health)).status).toBe(403);
    expect((await apply(good, elsewhere)).status).toBe(403);
    expect((await apply({ ...good, childId: 'mi-x' })).status).toBe(403);
    expect((await apply({ ...good, childId: 'nobody' })).status).toBe(404);
    expect((await statusOf('mi-a', elsewhere)).status).toBe(403);
    expect((await statusOf('nobody')).status).toBe(404);
    expect(await stored()).toBe(0);
  });

  it('takes an eligible application with the exemption of the facts; a replay changes nothing', async () => {
    const first = await apply(good);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ replay: false, deliveryRecorded: false });
    expect(first.body.enrolment).toMatchObject({
      childId: 'mi-a',
      coverageYear: 2027,
      coverageStart: '2027-01-01',
      state: 'applied',
      revision: 1,
      contribution: {
        standardFen: 40000,
        contributionFen: 0,
        exemption: { category: 'severe-disability' },
        demo: true,
        text: expect.stringContaining('（示例标准）'),
      },
    });
    const replay = await apply(good);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replay: true, enrolment: { revision: 1 } });
    expect(await stored()).toBe(1);
    const other = await apply({ ...good, residencePermit: false, migrantWorkerChild: true });
    expect(other.status).toBe(409);
    expect(await stored()).toBe(1);

    // 低保 (family hardship) pays what the fixed subsidy leaves; a child of a migrant worker without a permit.
    const low = await apply({
      childId: 'mi-low',
      residencePermit: false,
      migrantWorkerChild: true,
      hukouEnrolment: 'enrolled-at-hukou',
      hukouStopDate: '2026-12-31',
    });
    expect(low.status).toBe(201);
    expect(low.body.enrolment.contribution).toMatchObject({
      contributionFen: 12000,
      exemption: { category: 'minimum-living', labelZh: '低保对象' },
    });
  });

  it('enrols at the revision seen, records the delivery once; a replayed step is harmless, a stale one 409', async () => {
    const enrolled = await act('mi-a', 2027, { action: 'enrol', revision: 1, on: '2026-10-10' });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({
      replay: false,
      deliveryRecorded: true,
      enrolment: { state: 'enrolled', revision: 2, enrolledOn: '2026-10-10' },
    });
    expect(enrolled.body.enrolment.steps.map((s) => s.action)).toEqual(['apply', 'enrol']);
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'mi-a');
    expect(event.message).toMatchObject({
      childId: 'mi-a',
      itemCode: 'HZ-07',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-10-10',
      revision: 1,
    });

    const replay = await act('mi-a', 2027, { action: 'enrol', revision: 1, on: '2026-10-10' });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ replay: true, deliveryRecorded: true, enrolment: { revision: 2 } });
    const stale = await act('mi-a', 2027, { action: 'refuse', revision: 1, reason: '材料不全' });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('当前版本 2');
    const wrong = await act('mi-a', 2027, { action: 'enrol', revision: 2 });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ field: 'action', rule: '当前状态不能办理' });
    expect((await act('mi-a', 2027, { action: 'enrol', revision: 2 }, elsewhere)).status).toBe(403);
    expect(await service.db.collection('medical_insurance_enrolment_steps').countDocuments()).toBe(1);

    // A refusal needs a reason.
    const bare = await act('mi-low', 2027, { action: 'refuse', revision: 1 });
    expect(bare.body).toMatchObject({ field: 'reason', rule: '不予参保须说明原因' });
    const refused = await act('mi-low', 2027, {
      action: 'refuse',
      revision: 1,
      reason: '户籍地尚未办理停保',
    });
    expect(refused.body.enrolment).toMatchObject({
      state: 'refused',
      reason: '户籍地尚未办理停保',
      revision: 2,
    });
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'mi-a', 1500)).rejects.toThrow();
  });

  it('of two steps at the same revision, one lands and the other is refused', async () => {
    const apply2 = await apply({
      childId: 'mi-hukou2',
      residencePermit: true,
      migrantWorkerChild: false,
      hukouEnrolment: 'none',
    });
    expect(apply2.status).toBe(201);
    const [enrol, refuse] = await Promise.all([
      act('mi-hukou2', 2027, { action: 'enrol', revision: 1 }),
      act('mi-hukou2', 2027, { action: 'refuse', revision: 1, reason: '材料不全' }),
    ]);
    expect([enrol.status, refuse.status].sort()).toEqual([200, 409]);
    const won = enrol.status === 200 ? 'enrolled' : 'refused';
    const now = await enrolment('mi-hukou2', 2027);
    expect(now.body).toMatchObject({ state: won, revision: 2 });
    expect(now.body.steps).toHaveLength(2);
    // Not left in the way of the 备案 below: a refused application stays; an enrolment is transferred out.
    if (won === 'enrolled') {
      const out = await act('mi-hukou2', 2027, { action: 'transfer-out', revision: 2, reason: '转往户籍地' });
      expect(out.body.enrolment.state).toBe('transferred-out');
    }
  });

  it('records 异地就医备案 and lists them per county, expiring soon first', async () => {
    const long = {
      childId: 'mi-hukou',
      type: 'long-term-residence',
      insuredRegionCode: '410102',
      startDate: '2026-10-01',
      validUntil: '2027-09-30',
    };
    const first = await file(long);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replay: false,
      deliveryRecorded: true,
      filing: { typeLabel: '异地长期居住', status: 'active' },
    });
    expect((await file(long)).body).toMatchObject({ replay: true });
    expect((await file({ ...long, validUntil: '2027-12-31' })).status).toBe(409);
    const soon = await file({
      ...long,
      childId: 'mi-hukou2',
      insuredRegionCode: '130102',
      validUntil: '2026-10-31',
    });
    expect(soon.body).toMatchObject({
      deliveryRecorded: false,
      filing: { status: 'expiring-soon', daysLeft: 21 },
    });

    const bad = await file({
      ...long,
      childId: 'mi-a',
      insuredRegionCode: '371721',
      validUntil: '2026-09-30',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual({
      problem0: 'insuredRegionCode:参保地须在异地',
      problem1: 'validUntil:有效期晚于开始日期',
      problem2: 'validUntil:不早于今日',
    });
    // mi-a is enrolled here for 2027: no 备案.
    const local = await file({ ...long, childId: 'mi-a' });
    expect(local.body).toMatchObject({ field: 'childId', rule: '须在户籍地参保' });
    expect(await service.db.collection('medical_settlement_filings').countDocuments()).toBe(2);

    const list = await filings(`?countyCode=${COUNTY}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((f) => [f.childId, f.status])).toEqual([
      ['mi-hukou2', 'expiring-soon'],
      ['mi-hukou', 'active'],
    ]);
    const page1 = await filings('?pageSize=1', civilAffairs);
    expect(page1.body.items.map((f) => f.childId)).toEqual(['mi-hukou2']);
    const page2 = await filings(`?pageSize=1&cursor=${page1.body.nextCursor}`, civilAffairs);
    expect(page2.body.items.map((f) => f.childId)).toEqual(['mi-hukou']);
    expect(page2.body.nextCursor).toBeUndefined();
    expect((await filings(`?countyCode=${OTHER}`)).status).toBe(403);
    expect((await filings('?cursor=nonsense')).status).toBe(400);
    // Published once more: mi-hukou's own HZ-07, not a second one for anybody.
    const events = await probe.waitFor(DELIVERY, 1, (key) => key === 'mi-hukou');
    expect(events[0].message).toMatchObject({ itemCode: 'HZ-07', onDate: '2026-10-01' });
  });

  it('answers the status of a child and lapses an enrolment at year end unless renewed', async () => {
    // The orphan: enrolled for 2027 (full subsidy), never renewed.
    const orphan = await apply({
      childId: 'mi-orphan',
      residencePermit: true,
      migrantWorkerChild: false,
      hukouEnrolment: 'none',
    });
    expect(orphan.body.enrolment.contribution).toMatchObject({
      contributionFen: 0,
      exemption: { category: 'orphan' },
    });
    await act('mi-orphan', 2027, { action: 'enrol', revision: 1 });

    const now = await statusOf('mi-a');
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      year: 2026,
      coverage: 'not-enrolled',
      insuredToday: false,
      enrolmentPeriod: { open: true, coverageYear: 2027 },
      standard: { demo: true },
      enrolments: [{ coverageYear: 2027, state: 'enrolled' }],
    });
    expect((await statusOf('mi-a', civilAffairs)).status).toBe(200);
    const hukou = await statusOf('mi-hukou');
    expect(hukou.body.settlementFilings.map((f) => f.validUntil)).toEqual(['2027-09-30']);

    service.clock.set('2027-03-01');
    expect((await statusOf('mi-a')).body).toMatchObject({
      year: 2027,
      coverage: 'enrolled',
      insuredToday: true,
    });
    // Outside the enrolment period nobody but a newborn applies.
    const closed = await apply({ ...good, coverageYear: 2028 });
    expect(closed.body).toMatchObject({ field: 'appliedOn', rule: '须在集中缴费期内' });

    // mi-a renews for 2028 in the next period; the delivery is not published again.
    service.clock.set('2027-10-15');
    const renewal = await apply(good);
    expect(renewal.body.enrolment).toMatchObject({
      coverageYear: 2028,
      contribution: { standardFen: 42000, contributionFen: 0 },
    });
    const renewed = await act('mi-a', 2028, { action: 'enrol', revision: 1 });
    expect(renewed.body).toMatchObject({ deliveryRecorded: true, enrolment: { state: 'enrolled' } });

    service.clock.set('2027-12-31');
    expect((await enrolment('mi-orphan', 2027)).body.state).toBe('enrolled');
    service.clock.set('2028-01-01');
    const lapsed = await enrolment('mi-orphan', 2027);
    expect(lapsed.body).toMatchObject({
      state: 'lapsed',
      stateLabel: '年度届满未续保（断保）',
      availableActions: [],
    });
    expect((await statusOf('mi-orphan')).body).toMatchObject({
      year: 2028,
      coverage: 'lapsed',
      insuredToday: false,
      enrolments: [{ coverageYear: 2027, state: 'lapsed' }],
    });
    const a = await statusOf('mi-a');
    expect(a.body).toMatchObject({
      coverage: 'enrolled',
      insuredToday: true,
      enrolments: [
        { coverageYear: 2028, state: 'enrolled' },
        { coverageYear: 2027, state: 'renewed' },
      ],
    });
    // A transfer out of an ended year is refused; of the current year it closes it.
    expect((await act('mi-orphan', 2027, { action: 'transfer-out', revision: 2 })).body).toMatchObject({
      field: 'on',
      rule: '须在参保年度内',
    });
    const out = await act('mi-a', 2028, { action: 'transfer-out', revision: 2, reason: '转往户籍地参保' });
    expect(out.body.enrolment).toMatchObject({ state: 'transferred-out', revision: 3 });
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'mi-a', 1500)).rejects.toThrow();
  });
});
