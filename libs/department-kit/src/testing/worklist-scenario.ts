// The scenario every department service must pass, on the real broker and database: a grant of
// one of its items reaches the worklist (once, however often it is delivered), a delivery is
// published and takes it off, a delivery breaking a rule is refused by name, and a child who
// moves out leaves the worklist. Each service's generated integration test calls it.
import type { DynamicModule } from '@nestjs/common';
import {
  CatalogueEvents,
  RegistryEvents,
  common,
  type catalogue,
  type department,
  type EventType,
} from '@care/contracts';
import type { ServiceKitConfig, SettableClock } from '@care/service-kit';
import { firstValueFrom } from 'rxjs';
import { createGrpcClient } from '@care/grpc';
import {
  childFacts,
  httpJson,
  startTestService,
  testActorHeaders,
  testActorMetadata,
  TestPublisher,
  TopicProbe,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';

export interface WorklistScenarioOptions<C extends ServiceKitConfig> {
  /** The service name (the database, client id and topic suffix of the test app). */
  readonly name: string;
  readonly load: (env: Record<string, string | undefined>) => C;
  readonly module: (config: C, clock: SettableClock) => DynamicModule;
  /** The service's delivery topic, from DeliveryEvents. */
  readonly deliveryTopic: EventType<common.ServiceDeliveryRecorded>;
  /** The proto department of the officer, one the service serves, e.g. 'DEPARTMENT_CIVIL_AFFAIRS'. */
  readonly department: keyof typeof common.Department;
}

interface Worklist {
  total: number;
  rows: { childId: string; itemCode: string; itemName: string; overdue: boolean }[];
}

const COUNTY = '371702';
const ITEM = 'HZ-99';

export function describeWorklistScenario<C extends ServiceKitConfig>(
  options: WorklistScenarioOptions<C>,
): void {
  const officer = testActorHeaders({
    role: 'department-officer',
    department: options.department,
    counties: COUNTY,
  });
  const grantOf = (childId: string): catalogue.EntitlementGranted => ({
    childId,
    countyCode: COUNTY,
    itemCode: ITEM,
    itemName: '测试服务项目',
    departments: [common.Department[options.department]],
    listVersion: 1,
    grantedAt: '2026-08-01T09:00:00+08:00',
  });

  describe(`${options.name}: entitlement -> worklist -> delivery (real Kafka and database)`, () => {
    let service: TestService<C>;
    let publisher: TestPublisher;
    let probe: TopicProbe;

    beforeAll(async () => {
      service = await startTestService({
        name: options.name,
        load: options.load,
        module: options.module,
        grpcPackages: ['department'],
        today: '2026-09-20',
      });
      publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
        RegistryEvents.childRegistered,
        RegistryEvents.childMovedOut,
        CatalogueEvents.entitlementGranted,
      ]);
      probe = await TopicProbe.open(
        service.config.KAFKA_BROKERS,
        [options.deliveryTopic],
        service.topicSuffix,
      );
    });

    afterAll(async () => {
      await probe?.close();
      await publisher?.close();
      await service?.close();
    });

    const worklist = async (): Promise<Worklist> =>
      (await httpJson<Worklist>(service.httpUrl, 'GET', '/api/v1/worklist', undefined, officer)).body;
    const worklistOf = async (childId: string) =>
      (await worklist()).rows.filter((r) => r.childId === childId);
    const register = (childId: string) =>
      publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1),
        hasIdNumber: true,
        registeredAt: '2026-08-01T08:00:00+08:00',
      });
    const deliver = (body: Record<string, string>) =>
      httpJson<{ message?: unknown }>(service.httpUrl, 'POST', '/api/v1/deliveries', body, officer);

    it('puts a granted item on the worklist once, publishes its delivery and takes it off', async () => {
      await register('scn-child-1');
      await publisher.publish(CatalogueEvents.entitlementGranted, 'scn-child-1', grantOf('scn-child-1'));
      await publisher.publish(CatalogueEvents.entitlementGranted, 'scn-child-1', grantOf('scn-child-1')); // redelivered
      const rows = await waitFor('the worklist entry', async () => {
        const found = await worklistOf('scn-child-1');
        return found.length > 0 ? found : undefined;
      });
      expect(rows).toEqual([
        expect.objectContaining({ itemCode: ITEM, itemName: '测试服务项目', overdue: true }),
      ]);

      const recorded = await deliver({
        childId: 'scn-child-1',
        itemCode: ITEM,
        outcome: 'delivered',
        onDate: '2026-09-19',
      });
      expect(recorded.status).toBe(200);
      const [event] = await probe.waitFor(options.deliveryTopic, 1, (key) => key === 'scn-child-1');
      expect(event.message).toMatchObject({
        childId: 'scn-child-1',
        itemCode: ITEM,
        outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
        revision: 1,
      });
      expect(await worklistOf('scn-child-1')).toEqual([]);
    });

    it('refuses a delivery that breaks a rule, naming the field, and records nothing', async () => {
      const bad = await deliver({
        childId: 'scn-child-1',
        itemCode: ITEM,
        outcome: 'refused',
        onDate: '2026-09-19',
      });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('reason');
      const future = await deliver({
        childId: 'scn-child-1',
        itemCode: ITEM,
        outcome: 'delivered',
        onDate: '2026-10-01',
      });
      expect(future.status).toBe(400);
      expect(JSON.stringify(future.body)).toContain('onDate');
      await expect(
        probe.waitFor(options.deliveryTopic, 2, (key) => key === 'scn-child-1', 1500),
      ).rejects.toThrow();
    });

    it("answers department.v1 over gRPC: the child's services and the county's gaps, in scope only", async () => {
      const client = createGrpcClient<department.DepartmentServiceClient>('department', service.grpcAddress, {
        deadlineMs: 5000,
      });
      try {
        const metadata = testActorMetadata({
          role: 'department-officer',
          department: options.department,
          counties: COUNTY,
        });
        const child = await firstValueFrom(client.getChildServices({ childId: 'scn-child-1' }, metadata));
        expect(child.services).toEqual([
          expect.objectContaining({
            itemCode: ITEM,
            countyCode: COUNTY,
            granted: true,
            open: false,
            outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
            outcomeOn: '2026-09-19',
          }),
        ]);
        const gaps = await firstValueFrom(client.countServiceGaps({ countyCode: COUNTY }, metadata));
        expect(gaps.counts.find((c) => c.itemCode === ITEM)).toMatchObject({
          granted: 1,
          delivered: 1,
          open: 0,
        });
        const elsewhere = testActorMetadata({
          role: 'department-officer',
          department: options.department,
          counties: '371721',
        });
        expect(
          (await firstValueFrom(client.getChildServices({ childId: 'scn-child-1' }, elsewhere))).services,
        ).toEqual([]);
        await expect(
          firstValueFrom(client.countServiceGaps({ countyCode: COUNTY }, elsewhere)),
        ).rejects.toThrow();
      } finally {
        client.close();
      }
    });

    it('takes a child who moves out off the worklist', async () => {
      await register('scn-child-2');
      await publisher.publish(CatalogueEvents.entitlementGranted, 'scn-child-2', grantOf('scn-child-2'));
      await waitFor('the second child on the worklist', async () =>
        (await worklistOf('scn-child-2')).length === 1 ? true : undefined,
      );
      await publisher.publish(RegistryEvents.childMovedOut, 'scn-child-2', {
        facts: childFacts('scn-child-2', 2, { movedOut: true }),
        movedOutOn: '2026-09-10',
        toDivisionCode: '410102',
      });
      await waitFor('the moved-out child off the worklist', async () =>
        (await worklistOf('scn-child-2')).length === 0 ? true : undefined,
      );
    });
  });
}
