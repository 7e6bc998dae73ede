// 住房保障 on the real broker and database: applications assessed against the county standard,
// every unmet condition named; approval to the waiting list in order or to a rent subsidy; a
// unit allocated; the secured housing recorded as the delivery of 住房保障服务 (published for
// the catalogue) once, however often the officer clicks; stale and concurrent acts refused.
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
import { loadHousingTransportConfig, type HousingTransportConfig } from '../src/config';

const COUNTY = '371702';
const NO_POLICY_COUNTY = '371721'; // 曹县: no standard in the demo data
const housing = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_HOUSING',
  counties: `${COUNTY},${NO_POLICY_COUNTY}`,
});
const transport = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_TRANSPORT',
  counties: COUNTY,
});
const elsewhere = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_HOUSING',
  counties: '371703',
});
const DELIVERY = DeliveryEvents['housing-transport'];

interface Application {
  applicationId: string;
  status: string;
  eligible: boolean;
  problems: { field: string; rule: string }[];
  monthlySubsidyYuan: string;
  waitingSince: string | null;
  unitCode: string | null;
  deliveryRecorded: boolean;
  rev: number;
  steps: { to: string }[];
  position?: number;
}

const family = {
  form: 'public-rental',
  householdSize: 3,
  monthlyIncomeYuan: 5400,
  currentAreaSqm: 20,
  residenceMonths: 12,
  ownsHomeInCity: false,
};

describe('housing-transport: housing security applications (real Kafka and database)', () => {
  let service: TestService<HousingTransportConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    service = await startTestService({
      name: 'housing-transport',
      load: loadHousingTransportConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string][] = [
      ['house-a', COUNTY],
      ['house-b', COUNTY],
      ['house-c', COUNTY],
      ['house-d', COUNTY],
      ['house-x', NO_POLICY_COUNTY],
    ];
    for (const [childId, county] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, {
          residenceCountyCode: county,
          housingDifficulty: childId === 'house-a',
        }),
        hasIdNumber: true,
        registeredAt: '2026-08-01T08:00:00+08:00',
      });
    // The catalogue granted 住房保障服务 to house-a (its family is in housing difficulty).
    await publisher.publish(CatalogueEvents.entitlementGranted, 'house-a', {
      childId: 'house-a',
      countyCode: COUNTY,
      itemCode: 'HZ-11',
      itemName: '住房保障服务',
      departments: [common.Department.DEPARTMENT_HOUSING],
      listVersion: 1,
      grantedAt: '2026-08-01T09:00:00+08:00',
    });
    await waitFor('the children and the grant projected', async () => {
      const page = await httpJson<{ rows: { childId: string }[] }>(
        service.httpUrl,
        'GET',
        '/api/v1/worklist',
        undefined,
        housing,
      );
      const known = await service.db.collection('department_children').countDocuments();
      return known === children.length && page.body.rows.some((r) => r.childId === 'house-a')
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  const submit = (body: Record<string, unknown>, headers = housing) =>
    httpJson<Application & { message?: string }>(
      service.httpUrl,
      'POST',
      '/api/v1/housing-applications',
      body,
      headers,
    );
  const act = (id: string, body: Record<string, unknown>, headers = housing) =>
    httpJson<Application & { message?: string }>(
      service.httpUrl,
      'POST',
      `/api/v1/housing-applications/${id}/actions`,
      body,
      headers,
    );
  const waitingList = () =>
    httpJson<{ total: number; rows: Application[] }>(
      service.httpUrl,
      'GET',
      `/api/v1/housing-applications/waiting-list?countyCode=${COUNTY}`,
      undefined,
      housing,
    );

  it('refuses bad input naming the field, a non-housing officer, an unknown child and a county without a standard', async () => {
    const bad = await submit({ ...family, childId: 'house-a', householdSize: 0, form: 'villa' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('householdSize');
    expect(JSON.stringify(bad.body)).toContain('form');
    expect((await submit({ ...family, childId: 'house-a' }, transport)).status).toBe(403);
    expect((await submit({ ...family, childId: 'nobody' })).status).toBe(404);
    const noPolicy = await submit({ ...family, childId: 'house-x' });
    expect(noPolicy.status).toBe(409);
    expect(JSON.stringify(noPolicy.body)).toContain('尚未配置住房保障标准');
    expect(await service.db.collection('housing_applications').countDocuments()).toBe(0);
  });

  it('names every unmet condition, refuses to approve, and rejects only with a reason', async () => {
    const over = await submit({
      ...family,
      childId: 'house-d',
      monthlyIncomeYuan: 30000,
      ownsHomeInCity: true,
    });
    expect(over.status).toBe(201);
    expect(over.body).toMatchObject({ status: 'submitted', eligible: false });
    expect(over.body.problems.map((p) => p.rule)).toEqual(['人均收入', '无自有住房']);
    const approve = await act(over.body.applicationId, { action: 'approve', rev: 1 });
    expect(approve.status).toBe(409);
    expect(JSON.stringify(approve.body)).toContain('家庭在本市有自有住房');
    expect((await act(over.body.applicationId, { action: 'reject', rev: 1 })).status).toBe(400);
    const rejected = await act(over.body.applicationId, { action: 'reject', rev: 1, reason: '收入超标' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rev: 2 });
    // Closed: the family may apply again.
    const again = await submit({ ...family, childId: 'house-d', form: 'rent-subsidy' });
    expect(again.status).toBe(201);
  });

  it('keeps one open application per child, and refuses a stale revision', async () => {
    const first = await submit({ ...family, childId: 'house-b' });
    expect(first.status).toBe(201);
    const second = await submit({ ...family, childId: 'house-b' });
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toContain('已有办理中的住房保障申请');
    const approved = await act(first.body.applicationId, { action: 'approve', rev: 1 });
    expect(approved.body).toMatchObject({ status: 'waiting', waitingSince: '2026-09-20', rev: 2 });
    const stale = await act(first.body.applicationId, { action: 'withdraw', rev: 1 });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.body)).toContain('当前版本 2');
  });

  it('orders the waiting list by approval, allocates a unit and records the delivery once', async () => {
    service.clock.set('2026-09-22');
    const a = await submit({ ...family, childId: 'house-a' });
    const approvedA = await act(a.body.applicationId, { action: 'approve', rev: 1 });
    expect(approvedA.body.status).toBe('waiting');
    const list = await waitingList();
    expect(list.body.rows.map((r) => [r.applicationId, r.position])).toEqual([
      [expect.any(String), 1],
      [a.body.applicationId, 2],
    ]);
    expect(list.body.total).toBe(2);
    // A double click on approve is the same approval.
    expect((await act(a.body.applicationId, { action: 'approve', rev: 1 })).body.rev).toBe(2);

    expect((await act(a.body.applicationId, { action: 'allocate', rev: 2 })).status).toBe(400); // no unit
    const allocated = await act(a.body.applicationId, {
      action: 'allocate',
      rev: 2,
      unitCode: 'MD-GZF-0101',
    });
    expect(allocated.body).toMatchObject({
      status: 'allocated',
      unitCode: 'MD-GZF-0101',
      deliveryRecorded: true,
      rev: 3,
    });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'house-a');
    expect(event.message).toMatchObject({
      childId: 'house-a',
      itemCode: 'HZ-11',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-09-22',
      revision: 1,
    });
    const replay = await act(a.body.applicationId, { action: 'allocate', rev: 2, unitCode: 'MD-GZF-0101' });
    expect(replay.body).toMatchObject({ status: 'allocated', rev: 3 });
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'house-a', 1500)).rejects.toThrow();
    expect((await waitingList()).body.rows.map((r) => r.applicationId)).not.toContain(a.body.applicationId);
  });

  it('grants a rent subsidy at once with its amount; a child without the entitlement keeps no delivery', async () => {
    const c = await submit({ ...family, childId: 'house-c', form: 'rent-subsidy' });
    expect(c.body).toMatchObject({ eligible: true, monthlySubsidyYuan: '200.00' }); // (45 − 20) m² × 8 元
    const granted = await act(c.body.applicationId, { action: 'approve', rev: 1 });
    expect(granted.body).toMatchObject({ status: 'subsidy-granted', deliveryRecorded: false });
    expect(granted.body.steps.map((s) => s.to)).toEqual(['submitted', 'subsidy-granted']);
  });

  it("hides another county's applications", async () => {
    const mine = await httpJson<Application[]>(
      service.httpUrl,
      'GET',
      '/api/v1/children/house-c/housing-applications',
      undefined,
      housing,
    );
    expect(mine.body).toHaveLength(1);
    const id = mine.body[0].applicationId;
    expect(
      (await httpJson(service.httpUrl, 'GET', `/api/v1/housing-applications/${id}`, undefined, elsewhere))
        .status,
    ).toBe(403);
    const theirs = await httpJson<Application[]>(
      service.httpUrl,
      'GET',
      '/api/v1/children/house-c/housing-applications',
      undefined,
      elsewhere,
    );
    expect(theirs.body).toEqual([]);
  });
});
