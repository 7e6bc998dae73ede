// Social-assistance applications (救助申请) on the real database and broker: the registry's
// children and the catalogue's grants arrive by event; an orphan's basic-living allowance walks
// submitted -> awaiting the hukou city (due date, overdue as the clock moves) -> under review ->
// approved, and its approval is published once as the delivery of HZ-12; refused steps name
// field and rule and change nothing; another county, the other department and unknown children
// are refused; a stale or concurrent step is refused whole (one lands); the 护佑健康 list,
// which must name the children, is refused whole (503) when the registry does not answer.
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
import type { AssistanceApplicationDocument } from '../src/assistance/assistance-application.schema';
import type { AssistanceStepDocument } from '../src/assistance/assistance-step.schema';
import { loadWelfareConfig, type WelfareConfig } from '../src/config';

const COUNTY = '371702'; // 牡丹区
const OTHER_COUNTY = '371721'; // 曹县
const DELIVERY = DeliveryEvents.welfare;

const civilAffairs = (counties = COUNTY, userId = 'officer-ca') =>
  testActorHeaders({ role: 'department-officer', department: 'DEPARTMENT_CIVIL_AFFAIRS', counties, userId });
const federation = (counties = COUNTY) =>
  testActorHeaders({
    role: 'department-officer',
    department: 'DEPARTMENT_DISABLED_PERSONS_FEDERATION',
    counties,
    userId: 'officer-dpf',
  });
const director = (counties = COUNTY) =>
  testActorHeaders({ role: 'child-director', userId: 'director-1', counties });
const countyStaff = (counties = COUNTY) => testActorHeaders({ role: 'civil-affairs-officer', counties });

interface AppView {
  id: string;
  childId: string;
  kind: string;
  state: string;
  stateLabel: string;
  revision: number;
  dueOn: string | null;
  overdue: boolean;
  daysOverdue: number;
  hukouCountyCode: string | null;
  hukouAnswer: string | null;
  hukouReference: string;
  amountFen: number | null;
  amountYuan: string | null;
  startMonth: string | null;
  approvedOn: string | null;
  reason: string | null;
  note: string;
  delivery: { itemCode: string; status: string } | null;
  replayed: boolean;
  steps: { seq: number; action: string; from: string | null; to: string; party: string; on: string }[];
  availableActions: { action: string }[];
}
interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  rule?: string;
}
interface Page {
  items: AppView[];
  nextCursor?: string;
}

describe('welfare: social-assistance applications (real database and broker)', () => {
  let service: TestService<WelfareConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  const submit = (body: Record<string, unknown>, headers = civilAffairs()) =>
    httpJson<AppView & ErrorBody>(service.httpUrl, 'POST', '/api/v1/assistance/applications', body, headers);
  const act = (id: string, body: Record<string, unknown>, headers = civilAffairs()) =>
    httpJson<AppView & ErrorBody>(
      service.httpUrl,
      'POST',
      `/api/v1/assistance/applications/${id}/actions`,
      body,
      headers,
    );
  const get = (id: string, headers = civilAffairs()) =>
    httpJson<AppView & ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/assistance/applications/${id}?purpose=${encodeURIComponent('审核前核对申请情况')}`,
      undefined,
      headers,
    );
  const list = (query: string, headers = civilAffairs()) =>
    httpJson<Page & ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/assistance/applications?${query}`,
      undefined,
      headers,
    );
  const stored = (id: string) =>
    service.db.collection<AssistanceApplicationDocument>('assistance_applications').findOne({ _id: id });
  const stepsOf = (id: string) =>
    service.db
      .collection<AssistanceStepDocument>('assistance_steps')
      .find({ applicationId: id })
      .sort({ seq: 1 })
      .toArray();
  const deliveriesOf = (childId: string) => probe.events(DELIVERY, (key) => key === childId);

  beforeAll(async () => {
    service = await startTestService({
      name: 'welfare-assistance',
      load: loadWelfareConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-05-01',
      // No registry answers here (the named list with a real registry: test/integration/departments/huyou-list.int-spec.ts).
      env: { REGISTRY_GRPC_ADDRESS: '127.0.0.1:9', REGISTRY_GRPC_DEADLINE_MS: '1000' },
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string, Partial<common.ChildFacts>][] = [
      ['as-path', COUNTY, { orphan: true, scatteredOrphan: true, birthDate: '2015-03-01' }],
      ['as-temp', COUNTY, { temporaryAssistance: true }],
      ['as-deny', COUNTY, { destitute: true }],
      ['as-race', COUNTY, { minimumLiving: true }],
      ['as-rehab', COUNTY, { disabled: true }],
      ['as-other', OTHER_COUNTY, { orphan: true }],
    ];
    for (const [childId, county, facts] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county, ...facts }),
        hasIdNumber: true,
        registeredAt: '2026-04-01T08:00:00+08:00',
      });
    // The catalogue granted 基本生活保障服务 to the orphan and 残疾儿童康复 to the disabled child;
    // nothing to the child of the temporary assistance.
    const grants: [string, string, common.Department[]][] = [
      ['as-path', 'HZ-12', [common.Department.DEPARTMENT_CIVIL_AFFAIRS]],
      [
        'as-rehab',
        'HZ-13',
        [
          common.Department.DEPARTMENT_CIVIL_AFFAIRS,
          common.Department.DEPARTMENT_DISABLED_PERSONS_FEDERATION,
        ],
      ],
    ];
    for (const [childId, itemCode, departments] of grants)
      await publisher.publish(CatalogueEvents.entitlementGranted, childId, {
        childId,
        countyCode: COUNTY,
        itemCode,
        itemName: '', // as an older catalogue sends it: the names are not under test here
        departments,
        listVersion: 1,
        grantedAt: '2026-04-01T09:00:00+08:00',
      });
    await waitFor('the children and the grants projected', async () => {
      const known = await service.db.collection('department_children').countDocuments();
      const granted = await service.db.collection('department_entitlements').countDocuments();
      return known === children.length && granted === grants.length ? true : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  let pathId = '';

  it('walks an orphan allowance through the hukou city to approval, delivered once', async () => {
    service.clock.set('2026-05-01');
    const opened = await submit(
      { childId: 'as-path', kind: 'orphan-basic-living', hukouCountyCode: '410102', note: '祖母代为申请' },
      director(),
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      state: 'submitted',
      revision: 1,
      dueOn: '2026-05-06',
      hukouCountyCode: '410102',
      note: '祖母代为申请',
      delivery: null,
      availableActions: [],
    });
    pathId = opened.body.id;
    // The note is sealed at rest.
    expect((await stored(pathId))?.note).not.toContain('祖母');

    // One open application per child and kind; a hukou kind needs the hukou county.
    expect(
      (await submit({ childId: 'as-path', kind: 'orphan-basic-living', hukouCountyCode: '410102' })).status,
    ).toBe(409);
    const noHukou = await submit({ childId: 'as-path', kind: 'minimum-living' });
    expect(noHukou.status).toBe(400);
    expect(noHukou.body).toMatchObject({ field: 'hukouCountyCode', rule: '须填写户籍地' });

    // Refused steps name their rule and change nothing.
    const before = await stored(pathId);
    const accept = await act(pathId, { action: 'accept', revision: 1 });
    expect(accept.status).toBe(400);
    expect(accept.body).toMatchObject({ field: 'action', rule: '受理审核的适用类别' });
    expect(accept.body.message).toContain('须先提请户籍地认定资格');
    const byDirector = await act(pathId, { action: 'refer-to-hukou-city', revision: 1 }, director());
    expect(byDirector.status).toBe(403);
    const byFederation = await act(pathId, { action: 'refer-to-hukou-city', revision: 1 }, federation());
    expect(byFederation.status).toBe(403);
    expect(byFederation.body.message).toContain('该救助申请由民政部门办理');
    const future = await act(pathId, { action: 'refer-to-hukou-city', revision: 1, on: '2026-05-02' });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ field: 'on', rule: '不晚于今日' });
    expect(await stored(pathId)).toEqual(before);

    service.clock.set('2026-05-02');
    const referred = await act(pathId, { action: 'refer-to-hukou-city', revision: 1 });
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({ state: 'awaiting-hukou-city', dueOn: '2026-05-22', revision: 2 });
    expect(referred.body.availableActions.map((a) => a.action)).toEqual([
      'record-hukou-confirmation',
      'record-hukou-denial',
    ]);

    // The hukou city is late: the application is overdue and leads the county list.
    service.clock.set('2026-05-25');
    const overdue = await list(`countyCode=${COUNTY}&overdueOnly=true`);
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((i) => [i.id, i.state, i.overdue, i.daysOverdue])).toEqual([
      [pathId, 'awaiting-hukou-city', true, 3],
    ]);
    expect(overdue.body.items[0]).not.toHaveProperty('note');

    const confirmed = await act(pathId, {
      action: 'record-hukou-confirmation',
      revision: 2,
      reference: '金民函〔2026〕12号',
    });
    expect(confirmed.body).toMatchObject({
      state: 'under-review',
      hukouAnswer: 'confirmed',
      hukouReference: '金民函〔2026〕12号',
      dueOn: '2026-06-24',
      revision: 3,
    });

    const tooMuch = await act(pathId, { action: 'approve', revision: 3, amountFen: 150000 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toMatchObject({ field: 'amountFen', rule: '救助金额范围' });
    const approveBody = { action: 'approve', revision: 3, startMonth: '2026-06' };
    const approved = await act(pathId, approveBody);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      amountFen: 140000,
      amountYuan: '1400.00',
      startMonth: '2026-06',
      approvedOn: '2026-05-25',
      dueOn: null,
      revision: 4,
      delivery: { itemCode: 'HZ-12', status: 'recorded' },
      replayed: false,
    });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'as-path');
    expect(event.message).toMatchObject({
      childId: 'as-path',
      itemCode: 'HZ-12',
      outcome: common.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED,
      onDate: '2026-05-25',
    });

    // The same approval again (a retry): answered as then, nothing new written or published.
    const again = await act(pathId, approveBody);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'approved', revision: 4, replayed: true });
    expect(await stepsOf(pathId)).toHaveLength(3);
    // A different step on the old revision is stale.
    expect((await act(pathId, { action: 'reject', revision: 3, reason: '不符合' })).status).toBe(409);

    // Suspension needs a reason; resuming puts it back in payment.
    const noReason = await act(pathId, { action: 'suspend', revision: 4 });
    expect(noReason.body).toMatchObject({ field: 'reason', rule: '须说明原因' });
    service.clock.set('2026-07-01');
    const suspended = await act(pathId, { action: 'suspend', revision: 4, reason: '监护情况待核实' });
    expect(suspended.body).toMatchObject({
      state: 'suspended',
      reason: '监护情况待核实',
      dueOn: '2026-09-29',
    });
    expect((await stored(pathId))?.reason).not.toContain('监护');
    const resumed = await act(pathId, { action: 'resume', revision: 5 });
    expect(resumed.body).toMatchObject({ state: 'approved', reason: null, dueOn: null, revision: 6 });

    const read = await get(pathId, director());
    expect(read.status).toBe(200);
    expect(read.body.steps.map((s) => [s.seq, s.action, s.from, s.to, s.party, s.on])).toEqual([
      [1, 'submit', null, 'submitted', 'child-director', '2026-05-01'],
      [2, 'refer-to-hukou-city', 'submitted', 'awaiting-hukou-city', 'civil-affairs', '2026-05-02'],
      [3, 'record-hukou-confirmation', 'awaiting-hukou-city', 'under-review', 'civil-affairs', '2026-05-25'],
      [4, 'approve', 'under-review', 'approved', 'civil-affairs', '2026-05-25'],
      [5, 'suspend', 'approved', 'suspended', 'civil-affairs', '2026-07-01'],
      [6, 'resume', 'suspended', 'approved', 'civil-affairs', '2026-07-01'],
    ]);
    expect(read.body.delivery).toEqual({ itemCode: 'HZ-12', status: 'recorded' });
    // Each opening of the application's notes is in welfare's audit trail with its purpose.
    const trail = await service.db
      .collection('audit_trail')
      .find({ recordId: pathId } as never)
      .toArray();
    expect(trail.map((e) => e.purpose)).toEqual(expect.arrayContaining(['审核前核对申请情况']));
    expect(trail.every((e) => e.action === 'read-application')).toBe(true);
    const noPurpose = await httpJson<ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/assistance/applications/${pathId}`,
      undefined,
      director(),
    );
    expect(noPurpose.status).toBe(400);
    await expect(probe.waitFor(DELIVERY, 2, (key) => key === 'as-path', 1500)).rejects.toThrow();
    expect(deliveriesOf('as-path')).toHaveLength(1);
  });

  it('grants a temporary assistance in the residence county without the hukou city', async () => {
    service.clock.set('2026-07-01');
    const opened = await submit({ childId: 'as-temp', kind: 'temporary-assistance', note: '家中失火' });
    expect(opened.body).toMatchObject({ state: 'submitted', hukouCountyCode: null });
    const id = opened.body.id;
    const refer = await act(id, { action: 'refer-to-hukou-city', revision: 1 });
    expect(refer.body).toMatchObject({ field: 'action', rule: '提请户籍地认定的适用类别' });
    expect((await act(id, { action: 'accept', revision: 1 })).body.state).toBe('under-review');
    const approved = await act(id, { action: 'approve', revision: 2, amountFen: 200000 });
    // Not granted HZ-17 by the catalogue: the approval stands, there is no gap to close.
    expect(approved.body).toMatchObject({
      state: 'approved',
      amountFen: 200000,
      delivery: { itemCode: 'HZ-17', status: 'not-entitled' },
    });
    const suspend = await act(id, { action: 'suspend', revision: 3, reason: '核实' });
    expect(suspend.status).toBe(400);
    expect(suspend.body.message).toContain('「临时救助」为一次性救助');
    expect(deliveriesOf('as-temp')).toHaveLength(0);
  });

  it('records the hukou city’s denial with its reason; the child may apply again', async () => {
    service.clock.set('2026-07-01');
    const opened = await submit({ childId: 'as-deny', kind: 'destitute-support', hukouCountyCode: '410102' });
    const id = opened.body.id;
    await act(id, { action: 'refer-to-hukou-city', revision: 1 });
    const noReason = await act(id, { action: 'record-hukou-denial', revision: 2, reason: '  ' });
    expect(noReason.body).toMatchObject({ field: 'reason', rule: '须说明原因' });
    const denied = await act(id, {
      action: 'record-hukou-denial',
      revision: 2,
      reason: '有法定赡养抚养能力人',
    });
    expect(denied.body).toMatchObject({
      state: 'rejected',
      hukouAnswer: 'denied',
      reason: '有法定赡养抚养能力人',
      dueOn: null,
      availableActions: [],
    });
    const closed = await act(id, { action: 'approve', revision: 3 });
    expect(closed.body.rule).toBe('已办结不再办理');
    const again = await submit({ childId: 'as-deny', kind: 'destitute-support', hukouCountyCode: '410102' });
    expect(again.status).toBe(201);
  });

  it('refuses another county, the other department, unknown children and bad input', async () => {
    service.clock.set('2026-07-01');
    const outsider = civilAffairs(OTHER_COUNTY, 'officer-elsewhere');
    expect((await get(pathId, outsider)).status).toBe(403);
    const outside = await act(pathId, { action: 'suspend', revision: 6, reason: 'x' }, outsider);
    expect(outside.status).toBe(403);
    expect(outside.body.message).toContain(`无权访问区县 ${COUNTY} 的数据`);
    expect((await list(`countyCode=${COUNTY}`, outsider)).status).toBe(403);
    expect((await submit({ childId: 'as-temp', kind: 'temporary-assistance' }, outsider)).status).toBe(403);
    expect((await get(pathId, testActorHeaders({ role: 'auditor' }))).status).toBe(403);
    expect(
      (await get(pathId, testActorHeaders({ role: 'department-officer', department: 'DEPARTMENT_HEALTH' })))
        .status,
    ).toBe(403);
    expect((await act(pathId, { action: 'suspend', revision: 6, reason: 'x' }, countyStaff())).status).toBe(
      403,
    );

    const unknown = await submit({ childId: 'nobody', kind: 'temporary-assistance' });
    expect(unknown.status).toBe(404);
    const bad = await submit({ childId: 'as-temp', kind: 'pocket-money', submittedOn: '2026-7-1' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/救助类别须为/);
    expect((await get('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('not-an-application')).status).toBe(404);

    // 残疾儿童康复救助 is the federation's: civil affairs may not submit it; the federation's
    // officer sees only the federation's applications, and its approval delivers HZ-13.
    const wrong = await submit({ childId: 'as-rehab', kind: 'disabled-child-rehabilitation' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.message).toContain('须由残联或儿童主任提交');
    const rehab = await submit({ childId: 'as-rehab', kind: 'disabled-child-rehabilitation' }, federation());
    expect(rehab.status).toBe(201);
    const own = await list(`countyCode=${COUNTY}`, federation());
    expect(own.body.items.map((i) => i.kind)).toEqual(['disabled-child-rehabilitation']);
    await act(rehab.body.id, { action: 'accept', revision: 1 }, federation());
    const approved = await act(rehab.body.id, { action: 'approve', revision: 2 }, federation());
    expect(approved.body.delivery).toEqual({ itemCode: 'HZ-13', status: 'recorded' });
    const [event] = await probe.waitFor(DELIVERY, 1, (key) => key === 'as-rehab');
    expect(event.message).toMatchObject({
      itemCode: 'HZ-13',
      department: common.Department.DEPARTMENT_DISABLED_PERSONS_FEDERATION,
    });
  });

  it('refuses a stale revision and concurrent steps whole (409, one step lands)', async () => {
    service.clock.set('2026-07-01');
    const opened = await submit({ childId: 'as-race', kind: 'minimum-living', hukouCountyCode: '410102' });
    const id = opened.body.id;
    const stale = await act(id, { action: 'refer-to-hukou-city', revision: 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('申请已被他人更新（当前版本 1');
    expect(await stepsOf(id)).toHaveLength(0);

    const attempts: [string, string | undefined][] = [
      ['refer-to-hukou-city', undefined],
      ['reject', '收入超过标准'],
      ['refer-to-hukou-city', undefined],
      ['reject', '材料不全'],
      ['refer-to-hukou-city', undefined],
      ['reject', '重复申请'],
      ['refer-to-hukou-city', undefined],
      ['reject', '其他'],
    ];
    const results = await Promise.all(
      attempts.map(([action, reason], n) =>
        act(id, { action, revision: 1, reason }, civilAffairs(COUNTY, `officer-${n}`)),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body as AppView;
    expect(await stored(id)).toMatchObject({ rev: 2, state: winner.state });
    expect(await stepsOf(id)).toHaveLength(1);

    // A double click of one officer: both answered, one step written.
    const other = await submit({ childId: 'as-temp', kind: 'minimum-living', hukouCountyCode: '410102' });
    const body = { action: 'refer-to-hukou-city', revision: 1 };
    const twice = await Promise.all([act(other.body.id, body), act(other.body.id, body)]);
    expect(twice.map((r) => r.status)).toEqual([200, 200]);
    expect(twice.map((r) => r.body.revision)).toEqual([2, 2]);
    expect(twice.map((r) => r.body.replayed).sort()).toEqual([false, true]);
    expect(await stepsOf(other.body.id)).toHaveLength(1);
  });

  it('the 护佑健康 list names the children: with the registry down, 503 and no file', async () => {
    service.clock.set('2026-07-01');
    const response = await fetch(
      `${service.httpUrl}/api/v1/assistance/huyou-list.xlsx?countyCode=${COUNTY}`,
      { headers: countyStaff() },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('json');
    expect(response.headers.get('content-disposition')).toBeNull();
    const body = (await response.json()) as ErrorBody;
    expect(body.message).toBe(
      '登记服务暂时不可用：护佑健康名单须含儿童姓名和身份证号，本次未生成名单，请稍后重试',
    );
    // Nothing was exported: welfare's audit trail has no export entry.
    expect(
      await service.db.collection('audit_trail').countDocuments({ action: 'export-huyou-list' } as never),
    ).toBe(0);

    const byFederation = await fetch(
      `${service.httpUrl}/api/v1/assistance/huyou-list.xlsx?countyCode=${COUNTY}`,
      { headers: federation() },
    );
    expect(byFederation.status).toBe(403);
    const elsewhere = await fetch(
      `${service.httpUrl}/api/v1/assistance/huyou-list.xlsx?countyCode=${COUNTY}`,
      { headers: countyStaff(OTHER_COUNTY) },
    );
    expect(elsewhere.status).toBe(403);
  });
});
