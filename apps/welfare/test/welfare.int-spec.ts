// The department service end to end on the real broker and database: a grant of one of its
// items reaches the worklist, a delivery is published and leaves it, a replay changes nothing.
import { CatalogueEvents, DeliveryEvents, RegistryEvents, catalogue, common } from '@care/contracts';
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
import { loadWelfareConfig, type WelfareConfig } from '../src/config';

const DELIVERY = DeliveryEvents.welfare;
const COUNTY = '371702';
const officer = testActorHeaders({
  role: 'department-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  counties: COUNTY,
});

interface Worklist {
  total: number;
  rows: { childId: string; itemCode: string; overdue: boolean }[];
}

describe('welfare: entitlement -> worklist -> delivery (real Kafka and database)', () => {
  let service: TestService<WelfareConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    service = await startTestService({
      name: 'welfare',
      load: loadWelfareConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  const worklist = () => httpJson<Worklist>(service.httpUrl, 'GET', '/api/v1/worklist', undefined, officer);

  it('puts a granted item on the worklist, publishes its delivery and takes it off', async () => {
    const grant: catalogue.EntitlementGranted = {
      childId: 'gen-child-1',
      countyCode: COUNTY,
      itemCode: 'HZ-99',
      departments: [common.Department.DEPARTMENT_CIVIL_AFFAIRS],
      listVersion: 1,
      grantedAt: '2026-08-01T09:00:00+08:00',
    };
    await publisher.publish(RegistryEvents.childRegistered, grant.childId, {
      facts: childFacts(grant.childId, 1),
      hasIdNumber: true,
      registeredAt: '2026-08-01T08:00:00+08:00',
    });
    await publisher.publish(CatalogueEvents.entitlementGranted, grant.childId, grant);
    await publisher.publish(CatalogueEvents.entitlementGranted, grant.childId, grant); // redelivered
    const listed = await waitFor('the worklist entry', async () => {
      const page = await worklist();
      return page.body.total === 1 ? page.body : undefined;
    });
    expect(listed.rows[0]).toMatchObject({ childId: 'gen-child-1', itemCode: 'HZ-99', overdue: true });

    const recorded = await httpJson(
      service.httpUrl,
      'POST',
      '/api/v1/deliveries',
      {
        childId: 'gen-child-1',
        itemCode: 'HZ-99',
        outcome: 'delivered',
        onDate: '2026-09-19',
      },
      officer,
    );
    expect(recorded.status).toBe(200);
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'gen-child-1');
    expect(event.message).toMatchObject({
      childId: 'gen-child-1',
      itemCode: 'HZ-99',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      revision: 1,
    });
    expect((await worklist()).body.total).toBe(0);
  });

  it('refuses a delivery without the rule it breaks named', async () => {
    const bad = await httpJson<{ message: unknown }>(
      service.httpUrl,
      'POST',
      '/api/v1/deliveries',
      {
        childId: 'gen-child-1',
        itemCode: 'HZ-99',
        outcome: 'refused',
        onDate: '2026-09-19',
      },
      officer,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('reason');
  });
});
