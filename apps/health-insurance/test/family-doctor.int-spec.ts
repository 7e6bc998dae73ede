// 家庭医生签约 on the real broker and database: a grant of HZ-06 reaches the worklist; signing
// delivers it (published once); bad input named by field and rule with nothing stored; one
// contract in force per child (a replay harmless, another signing 409); renewal near the end,
// stale and replayed steps; termination with a reason code; the county's expiring list; the
// registry's move-out ending the contract and refusing a new one; other counties refused.
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

interface Contract {
  id: string;
  number: number;
  startDate: string;
  endDate: string;
  status: string;
  state: string;
  revision: number;
  renewals: number;
  endedOn: string | null;
  endReason: string | null;
  availableActions: { action: string }[];
  steps: { seq: number; action: string; userId: string }[];
}
interface Answer {
  contract: Contract;
  replay: boolean;
  deliveryRecorded: boolean;
  code?: string;
  field?: string;
  rule?: string;
  message?: string;
  details?: Record<string, string>;
}
interface Status {
  signed: boolean;
  canSign: boolean;
  current: Contract | null;
  contracts: Contract[];
}
interface ExpiringPage {
  countyCode: string;
  withinDays: number;
  items: Contract[];
  nextCursor?: string;
  message?: string;
}

describe('health-insurance: 家庭医生签约 (real Kafka and database)', () => {
  let service: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  beforeAll(async () => {
    service = await startTestService({
      name: 'health-family-doctor',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-09-20',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      RegistryEvents.childMovedOut,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string, boolean][] = [
      ['fd-a', COUNTY, false],
      ['fd-b', COUNTY, false],
      ['fd-move', COUNTY, false],
      ['fd-gone', COUNTY, true],
      ['fd-x', OTHER, false],
    ];
    for (const [childId, county, movedOut] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county, birthDate: '2020-05-01', movedOut }),
        hasIdNumber: true,
        registeredAt: '2026-09-01T08:00:00+08:00',
      });
    // The catalogue granted 卫生健康服务 (HZ-06: 提供家庭医生签约服务…) to fd-a.
    await publisher.publish(CatalogueEvents.entitlementGranted, 'fd-a', {
      childId: 'fd-a',
      countyCode: COUNTY,
      itemCode: 'HZ-06',
      itemName: '卫生健康服务',
      departments: [common.Department.DEPARTMENT_HEALTH],
      listVersion: 1,
      grantedAt: '2026-09-01T09:00:00+08:00',
    });
    await waitFor('the children and the grant projected', async () => {
      const known = await service.db.collection('department_children').countDocuments();
      return known === children.length && (await onWorklist('fd-a')) ? true : undefined;
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
  const sign = (body: Record<string, unknown>, headers = health) =>
    httpJson<Answer>(service.httpUrl, 'POST', '/api/v1/family-doctor/contracts', body, headers);
  const act = (childId: string, number: number | string, body: Record<string, unknown>, headers = health) =>
    httpJson<Answer>(
      service.httpUrl,
      'POST',
      `/api/v1/family-doctor/contracts/${childId}/${number}/actions`,
      body,
      headers,
    );
  const statusOf = (childId: string, headers = health) =>
    httpJson<Status & { message?: string }>(
      service.httpUrl,
      'GET',
      `/api/v1/children/${childId}/family-doctor`,
      undefined,
      headers,
    );
  const expiring = (query: string, headers = health) =>
    httpJson<ExpiringPage>(
      service.httpUrl,
      'GET',
      `/api/v1/family-doctor/contracts/expiring${query}`,
      undefined,
      headers,
    );
  const stored = () => service.db.collection('family_doctor_contracts').countDocuments();
  const good = { childId: 'fd-a', teamCode: 'T-01', institutionCode: CLINIC };

  it.each<[string, Record<string, unknown>, string, string, string]>([
    ['a team name', { teamCode: '王医生团队' }, 'teamCode', '团队代码格式', '团队代码'],
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
    [
      'a start after today',
      { startDate: '2026-09-21' },
      'startDate',
      '不晚于今日',
      '不能晚于今日 2026-09-20',
    ],
    ['a start that is no date', { startDate: '2026-02-30' }, 'startDate', '日期格式', 'YYYY-MM-DD'],
    [
      'a term already ended',
      { startDate: '2025-09-01' },
      'startDate',
      '签约期须未届满',
      '已于 2026-08-31 届满',
    ],
    ['a term of 0 months', { termMonths: 0 }, 'termMonths', '签约期限', '1 至 36'],
    ['a child who moved out', { childId: 'fd-gone' }, 'childId', '已迁出不能签约', '已迁出'],
  ])(
    'refuses %s naming the field and the rule in Chinese, storing nothing',
    async (_why, change, field, rule, text) => {
      const answer = await sign({ ...good, ...change });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid-argument', field, rule });
      expect(answer.body.message).toContain(`字段 ${field}：`);
      expect(answer.body.message).toContain(text);
      expect(await stored()).toBe(0);
    },
  );

  it('refuses a malformed body, another department, another county and an unknown child', async () => {
    const shape = await sign({ ...good, termMonths: 'twelve' });
    expect(shape.status).toBe(400);
    expect(shape.body.field).toBe('termMonths');
    expect((await sign(good, medicalInsurance)).status).toBe(403);
    expect((await sign(good, civilAffairs)).status).toBe(403);
    expect((await sign(good, elsewhere)).status).toBe(403);
    expect((await sign({ ...good, childId: 'fd-x' })).status).toBe(403);
    expect((await sign({ ...good, childId: 'nobody' })).status).toBe(404);
    expect((await statusOf('fd-a', elsewhere)).status).toBe(403);
    expect((await statusOf('nobody')).status).toBe(404);
    expect((await expiring(`?countyCode=${OTHER}`)).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it('signs for a year, delivers HZ-06 once (off the worklist, published once); a replay is harmless, another signing 409', async () => {
    const first = await sign(good);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      replay: false,
      deliveryRecorded: true,
      contract: { number: 1, startDate: '2026-09-20', endDate: '2027-09-19', status: 'active', revision: 1 },
    });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'fd-a');
    expect(event.message).toMatchObject({
      childId: 'fd-a',
      itemCode: 'HZ-06',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-09-20',
      revision: 1,
    });
    expect(await onWorklist('fd-a')).toBe(false);

    const replay = await sign(good);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replay: true, deliveryRecorded: true, contract: { revision: 1 } });
    const other = await sign({ ...good, teamCode: 'T-02' });
    expect(other.status).toBe(409);
    expect(other.body.message).toContain('已有有效的家庭医生签约');
    expect(await stored()).toBe(1);

    const status = await statusOf('fd-a');
    expect(status.body).toMatchObject({ signed: true, canSign: false, current: { endDate: '2027-09-19' } });
    expect((await statusOf('fd-a', civilAffairs)).status).toBe(200);
  });

  it('renews only near the end; a replayed renewal is harmless, a stale step 409; nothing more is published', async () => {
    const early = await act('fd-a', 1, { action: 'renew', revision: 1 });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ field: 'action', rule: '续约须在到期前规定天数内' });
    expect(early.body.message).toContain('最早 2027-07-21');

    service.clock.set('2027-08-01');
    const renewed = await act('fd-a', 1, { action: 'renew', revision: 1 });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({
      replay: false,
      deliveryRecorded: true,
      contract: { endDate: '2028-09-19', renewals: 1, revision: 2, status: 'active' },
    });
    expect(renewed.body.contract.steps).toEqual([expect.objectContaining({ seq: 2, action: 'renew' })]);
    expect((await act('fd-a', 1, { action: 'renew', revision: 1 })).body).toMatchObject({
      replay: true,
      contract: { revision: 2, endDate: '2028-09-19' },
    });
    const stale = await act('fd-a', 1, { action: 'terminate', revision: 1, reason: 'family-request' });
    expect(stale.status).toBe(409);
    expect((await act('fd-a', 1, { action: 'renew', revision: 2 }, elsewhere)).status).toBe(403);
    expect((await act('fd-a', 'one', { action: 'renew', revision: 2 })).body).toMatchObject({
      field: 'number',
    });
    expect((await act('fd-a', 9, { action: 'renew', revision: 2 })).status).toBe(404);
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'fd-a', 1500)).rejects.toThrow();
  });

  it('lists the county’s contracts expiring soon, the earliest first, by pages', async () => {
    // Clock 2027-08-01: fd-b's contract from 2026-09-01 ends 2027-08-31; fd-move's a year from today.
    expect((await sign({ ...good, childId: 'fd-b', startDate: '2026-09-01' })).status).toBe(201);
    expect((await sign({ ...good, childId: 'fd-move' })).status).toBe(201);
    const soon = await expiring('');
    expect(soon.status).toBe(200);
    expect(soon.body).toMatchObject({ countyCode: COUNTY, withinDays: 30 });
    expect(soon.body.items.map((c) => [c.id, c.endDate, c.status])).toEqual([
      ['fd-b|1', '2027-08-31', 'expiring-soon'],
    ]);
    const year = await expiring('?withinDays=365&pageSize=1');
    expect(year.body.items.map((c) => c.id)).toEqual(['fd-b|1']);
    const next = await expiring(`?withinDays=365&pageSize=1&cursor=${year.body.nextCursor}`);
    // fd-a (renewed to 2028-09-19) is beyond the year.
    expect(next.body.items.map((c) => [c.id, c.endDate])).toEqual([['fd-move|1', '2028-07-31']]);
    expect(next.body.nextCursor).toBeUndefined();
    expect((await expiring('?withinDays=366')).body).toMatchObject({ field: 'withinDays' });
  });

  it('terminates with a reason code; a new contract starts after the old one ended', async () => {
    const bad = await act('fd-b', 1, { action: 'terminate', revision: 1, reason: '家长不想签了' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'reason', rule: '解约原因' });
    const noReason = await act('fd-b', 1, { action: 'terminate', revision: 1 });
    expect(noReason.body).toMatchObject({ field: 'reason', rule: '解约原因' });
    const ended = await act('fd-b', 1, { action: 'terminate', revision: 1, reason: 'family-request' });
    expect(ended.status).toBe(201);
    expect(ended.body.contract).toMatchObject({
      state: 'terminated',
      status: 'terminated',
      endedOn: '2027-08-01',
      endReason: 'family-request',
      availableActions: [],
    });
    expect((await expiring('')).body.items).toEqual([]);
    const sameDay = await sign({ ...good, childId: 'fd-b' });
    expect(sameDay.body).toMatchObject({ field: 'startDate', rule: '不早于上一份签约结束' });
    service.clock.set('2027-08-02');
    const again = await sign({ ...good, childId: 'fd-b', teamCode: 'T-02' });
    expect(again.status).toBe(201);
    expect(again.body.contract).toMatchObject({ id: 'fd-b|2', number: 2, startDate: '2027-08-02' });
    expect((await statusOf('fd-b')).body.contracts.map((c) => c.id)).toEqual(['fd-b|2', 'fd-b|1']);
  });

  it('the registry’s move-out ends the contract; a redelivery changes nothing; a new signing is refused', async () => {
    const movedOut = {
      facts: childFacts('fd-move', 2, {
        residenceCountyCode: COUNTY,
        birthDate: '2020-05-01',
        movedOut: true,
      }),
      movedOutOn: '2027-08-02',
      toDivisionCode: '410102',
    };
    await publisher.publish(RegistryEvents.childMovedOut, 'fd-move', movedOut);
    const ended = await waitFor('the contract ended on the move-out', async () => {
      const s = await statusOf('fd-move');
      return s.body.contracts[0]?.state === 'terminated' && !s.body.canSign ? s.body : undefined;
    });
    expect(ended).toMatchObject({ signed: false, canSign: false, current: null });
    expect(ended.contracts[0]).toMatchObject({ endedOn: '2027-08-02', endReason: 'moved-out', revision: 2 });
    await publisher.publish(RegistryEvents.childMovedOut, 'fd-move', movedOut);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      await service.db.collection('family_doctor_contract_steps').countDocuments({ contractId: 'fd-move|1' }),
    ).toBe(1);
    const refused = await sign({ ...good, childId: 'fd-move', startDate: '2027-08-03' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'childId', rule: '已迁出不能签约' });
  });
});
