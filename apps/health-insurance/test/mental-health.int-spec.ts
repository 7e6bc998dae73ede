// Mental-health referrals (心理健康转介, seed §11) on the real database and broker: the registry's
// children arrive by event, then a referral walks report → referral → assessment → intervention
// → follow-up → closed (and assessment → medical care → community follow-up); refused steps name
// their rule and change nothing; a stale step is refused (409) and its replay is harmless; every
// other role, department, a health officer without the duty and another county are refused;
// every read and step is in the kit's audit trail with its purpose and the chain verifies; the
// concern and notes are nowhere in clear at rest and nothing of a referral is published.
import { RegistryEvents } from '@care/contracts';
import { AuditTrail, type AuditEntry } from '@care/service-kit';
import {
  childFacts,
  httpJson,
  startTestService,
  testActorHeaders,
  TestPublisher,
  waitFor,
  type TestService,
} from '@care/service-kit/testing';
import { AppModule } from '../src/app.module';
import { loadHealthInsuranceConfig, type HealthInsuranceConfig } from '../src/config';

const COUNTY = '371702'; // 牡丹区
const OTHER_COUNTY = '371721'; // 曹县

const health = (counties = COUNTY, duties: string | null = 'mental-health') => ({
  ...testActorHeaders({
    role: 'department-officer',
    department: 'DEPARTMENT_HEALTH',
    counties,
    userId: 'mh-1',
  }),
  ...(duties === null ? {} : { 'x-duties': duties }),
});

const CONCERN = '班主任反映该生近两月情绪低落、多次表达厌学，夜间失眠。';
const NOTE = '量表评估：中度焦虑抑郁倾向，建议心理干预';

interface ReferralView {
  id: string;
  state: string;
  stateLabel: string;
  revision: number;
  dueOn: string | null;
  concern: string;
  outcome: string | null;
  steps: { seq: number; action: string; to: string; note: string }[];
  availableActions: { action: string }[];
}
interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  rule?: string;
}

describe('health-insurance: mental-health referrals (real database and broker)', () => {
  let service: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;

  const open = (body: Record<string, unknown>, headers: Record<string, string> = health()) =>
    httpJson<ReferralView & ErrorBody>(
      service.httpUrl,
      'POST',
      '/api/v1/mental-health-referrals',
      body,
      headers,
    );
  const act = (id: string, body: Record<string, unknown>, headers: Record<string, string> = health()) =>
    httpJson<ReferralView & ErrorBody>(
      service.httpUrl,
      'POST',
      `/api/v1/mental-health-referrals/${id}/steps`,
      body,
      headers,
    );
  const get = (id: string, headers: Record<string, string> = health(), purpose = '评估前核对转介情况') =>
    httpJson<ReferralView & ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/mental-health-referrals/${id}?purpose=${encodeURIComponent(purpose)}`,
      undefined,
      headers,
    );
  const stored = (id: string) =>
    service.db.collection('mental_health_referrals').findOne({ _id: id as never });
  const auditOf = async (recordId: string): Promise<AuditEntry[]> =>
    service.app.get(AuditTrail).query({ recordId, limit: 100 });

  beforeAll(async () => {
    service = await startTestService({
      name: 'health-mental-health',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-05-01',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
    ]);
    const children: [string, string][] = [
      ['mh-path', COUNTY],
      ['mh-care', COUNTY],
      ['mh-other', OTHER_COUNTY],
    ];
    for (const [childId, county] of children) {
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county }),
        hasIdNumber: true,
        registeredAt: '2026-04-01T08:00:00+08:00',
      });
    }
    for (const [childId] of children) {
      await waitFor(
        `${childId} in the projection`,
        async () =>
          (await service.db.collection('department_children').findOne({ _id: childId as never })) ??
          undefined,
      );
    }
  });

  afterAll(async () => {
    await publisher?.close();
    await service?.close();
  });

  it('walks report → referral → assessment → intervention → follow-up → closed, audited and sealed', async () => {
    service.clock.set('2026-05-01');
    const opened = await open({ childId: 'mh-path', source: 'school', concern: CONCERN });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      state: 'reported',
      stateLabel: '已报告，待转介',
      revision: 1,
      dueOn: '2026-05-04',
      concern: CONCERN,
    });
    const id = opened.body.id;
    expect((await open({ childId: 'mh-path', source: 'family', concern: '再次报告' })).status).toBe(409);

    const steps: [string, string, string, string | null][] = [
      ['refer', '2026-05-02', 'referred', '2026-05-16'],
      ['assess-intervention', '2026-05-10', 'intervention', '2026-06-09'],
      ['complete-intervention', '2026-06-05', 'follow-up', '2026-07-05'],
    ];
    let revision = 1;
    for (const [action, on, state, dueOn] of steps) {
      service.clock.set(on);
      const r = await act(id, { action, revision, note: action === 'assess-intervention' ? NOTE : '' });
      expect([action, r.status, r.body.state, r.body.dueOn]).toEqual([action, 200, state, dueOn]);
      revision = r.body.revision;
    }

    // Refused steps name the rule and change nothing.
    const before = await stored(id);
    const early = await act(id, { action: 'close', revision });
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'invalid-argument', field: 'action', rule: '结案前须随访' });
    const wrongState = await act(id, { action: 'assess-medical-care', revision });
    expect(wrongState.status).toBe(400);
    expect(wrongState.body.rule).toBe('评估：需就医的适用状态');
    expect(wrongState.body.message).toContain('当前为「随访中」');
    const backDated = await act(id, { action: 'follow-up', revision, on: '2026-06-01' });
    expect(backDated.body).toMatchObject({ field: 'on', rule: '不早于上一步' });
    const stale = await act(id, { action: 'follow-up', revision: revision - 1 });
    expect(stale.status).toBe(409);
    expect(await stored(id)).toEqual(before);

    service.clock.set('2026-07-01');
    const visit = await act(id, { action: 'follow-up', revision, note: '随访：情绪稳定，已返校' });
    expect(visit.status).toBe(200);
    // The same submission again (a replay): refused as stale, nothing recorded twice.
    const replay = await act(id, { action: 'follow-up', revision, note: '随访：情绪稳定，已返校' });
    expect(replay.status).toBe(409);
    const closed = await act(id, { action: 'close', revision: visit.body.revision });
    expect(closed.body).toMatchObject({ state: 'closed', outcome: 'resolved', dueOn: null, revision: 6 });
    expect(closed.body.availableActions).toEqual([]);

    // A read: the whole record with its notes, and the read in the audit trail with its purpose.
    const read = await get(id);
    expect(read.status).toBe(200);
    expect(read.body.concern).toBe(CONCERN);
    expect(read.body.steps.map((s) => s.action)).toEqual([
      'open',
      'refer',
      'assess-intervention',
      'complete-intervention',
      'follow-up',
      'close',
    ]);
    expect(read.body.steps[2]!.note).toBe(NOTE);
    const trail = await auditOf(id);
    expect(trail.map((e) => e.action)).toEqual([
      'mental-health-open',
      'mental-health-step',
      'mental-health-step',
      'mental-health-step',
      'mental-health-step',
      'mental-health-step',
      'mental-health-read',
    ]);
    expect(trail.at(-1)).toMatchObject({
      userId: 'mh-1',
      role: 'department-officer',
      department: 'DEPARTMENT_HEALTH',
      purpose: '评估前核对转介情况',
      countyCode: COUNTY,
    });
    await expect(service.app.get(AuditTrail).verifyChain()).resolves.toMatchObject({ ok: true });

    // A read without a stated purpose is refused and not shown.
    const noPurpose = await get(id, health(), ' ');
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.field).toBe('purpose');

    // Nothing clear at rest, in any collection (referrals, steps, audit trail, outbox, ...).
    const everything: unknown[] = [];
    for (const { name } of await service.db.listCollections().toArray())
      everything.push(await service.db.collection(name).find({}).toArray());
    const atRest = JSON.stringify(everything);
    for (const clear of [CONCERN, NOTE, '情绪稳定']) expect(atRest).not.toContain(clear);
    expect(JSON.stringify(await stored(id))).toContain('sm4:1:');
    // Nothing published: the referral documents carry no outbox.
    expect(await stored(id)).not.toHaveProperty('outbox');
  });

  it('assessment → medical care (严重精神障碍管理) → community follow-up', async () => {
    service.clock.set('2026-05-01');
    const opened = await open({ childId: 'mh-care', source: 'community', concern: '社区网格员反映行为异常' });
    let revision = opened.body.revision;
    for (const [action, state] of [
      ['refer', 'referred'],
      ['assess-medical-care', 'medical-care'],
      ['transfer-to-community', 'follow-up'],
    ]) {
      const r = await act(opened.body.id, { action, revision });
      expect([action, r.status, r.body.state]).toEqual([action, 200, state]);
      revision = r.body.revision;
    }
  });

  it('refuses everyone but a health officer with the mental-health duty, and other counties', async () => {
    service.clock.set('2026-05-01');
    const opened = await open(
      { childId: 'mh-other', source: 'family', concern: '家长反映孩子自伤' },
      health(OTHER_COUNTY),
    );
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const refused: [string, Record<string, string>, number][] = [
      ['a health officer without the duty', health(OTHER_COUNTY, null), 403],
      [
        'a medical-insurance officer claiming the duty',
        { ...health(OTHER_COUNTY), 'x-department': 'DEPARTMENT_MEDICAL_INSURANCE' },
        403,
      ],
      [
        'a civil-affairs officer',
        { ...testActorHeaders({ counties: OTHER_COUNTY }), 'x-duties': 'mental-health' },
        403,
      ],
      [
        'the auditor',
        { ...testActorHeaders({ role: 'auditor', counties: OTHER_COUNTY }), 'x-duties': 'mental-health' },
        403,
      ],
      ['a child director', testActorHeaders({ role: 'child-director', counties: OTHER_COUNTY }), 403],
      ['a duty officer of another county', health(COUNTY), 403],
      ['an unknown duty', { ...health(OTHER_COUNTY), 'x-duties': 'everything' }, 401],
    ];
    for (const [who, headers, status] of refused) {
      const read = await get(id, headers);
      expect([who, 'read', read.status]).toEqual([who, 'read', status]);
      expect(read.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect(read.body).not.toHaveProperty('concern');
      const step = await act(id, { action: 'refer', revision: 1 }, headers);
      expect([who, 'step', step.status]).toEqual([who, 'step', status]);
      const list = await httpJson<ErrorBody>(
        service.httpUrl,
        'GET',
        `/api/v1/mental-health-referrals?countyCode=${OTHER_COUNTY}&purpose=${encodeURIComponent('排查')}`,
        undefined,
        headers,
      );
      expect([who, 'list', list.status]).toEqual([who, 'list', status]);
    }
    // Refused calls read nothing and changed nothing: only the opening is in the trail.
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['mental-health-open']);
    expect((await stored(id))?.['rev']).toBe(1);

    const listed = await httpJson<{ items: { id: string; concern?: string }[] }>(
      service.httpUrl,
      'GET',
      `/api/v1/mental-health-referrals?countyCode=${OTHER_COUNTY}&purpose=${encodeURIComponent('月度逾期排查')}`,
      undefined,
      health(OTHER_COUNTY),
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i) => i.id)).toEqual([id]);
    expect(listed.body.items[0]).not.toHaveProperty('concern');
    expect(
      (await auditOf(`county:${OTHER_COUNTY}`)).map((e) => [e.action, e.purpose, e.recordCount]),
    ).toEqual([['mental-health-list', '月度逾期排查', 1]]);
  });
});
