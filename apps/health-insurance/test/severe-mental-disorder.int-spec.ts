// 严重精神障碍患者管理 and 社区康复转介 on the real database and broker: the registry's children and
// the catalogue's grant arrive by event; only a health officer with the severe-mental-disorder duty
// (not the mental-health one) registers and reads, in their counties; bad input is refused per
// field with nothing stored; a read needs a purpose and every read and write is in the audit
// trail; follow-ups due and overdue move with the calendar and the stability class; a referral
// walks referred → accepted → in rehabilitation → ended and an illegal step is refused; the HZ-08
// delivery carries the child id and item code only, and no topic of the service carries the record.
import { Kafka, logLevel } from 'kafkajs';
import { CatalogueEvents, DeliveryEvents, RegistryEvents, common } from '@care/contracts';
import { AuditTrail, type AuditEntry } from '@care/service-kit';
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

const COUNTY = '371702'; // 牡丹区
const OTHER_COUNTY = '371721'; // 曹县
const DIAGNOSING = '12371700MB2843577E'; // a 统一社会信用代码 with its check character
const REHAB_INSTITUTION = '52371702MJ0000001R';
const NOTE = '随访：情绪平稳，按时服药，家属配合良好';
const REFERRAL_NOTE = '建议参加社区日间康复活动';
const DELIVERY = DeliveryEvents['health-insurance'];

const officer = (counties = COUNTY, duties: string | null = 'severe-mental-disorder') => ({
  ...testActorHeaders({
    role: 'department-officer',
    department: 'DEPARTMENT_HEALTH',
    counties,
    userId: 'smd-1',
  }),
  ...(duties === null ? {} : { 'x-duties': duties }),
});

interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  rule?: string;
  details?: Record<string, string>;
}
interface PatientView extends ErrorBody {
  childId: string;
  revision: number;
  guardianConsent: boolean;
  diagnosisCategory: string;
  diagnosisLabel: string;
  nextFollowUpOn: string | null;
  standing: string;
  daysOverdue: number;
  followUps: number;
  deliveryRecorded?: boolean;
  records: { kind: string; riskLevel: number | null; stability: string | null; note: string }[];
}
interface DuePage {
  asOf: string;
  items: {
    childId: string;
    standing: string;
    nextFollowUpOn: string;
    daysOverdue: number;
    diagnosisCategory?: string;
  }[];
}
interface ReferralView extends ErrorBody {
  id: string;
  state: string;
  revision: number;
  dueOn: string | null;
  overdue: boolean;
  endReason: string | null;
  note: string;
  availableActions: { action: string }[];
  steps: { action: string; to: string; note: string }[];
}

describe('health-insurance: severe mental disorder management (real database and broker)', () => {
  let service: TestService<HealthInsuranceConfig>;
  let publisher: TestPublisher;
  let probe: TopicProbe;

  const post = <T>(
    path: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = officer(),
  ) =>
    httpJson<T & ErrorBody>(service.httpUrl, 'POST', `/api/v1/severe-mental-disorder${path}`, body, headers);
  const get = <T>(path: string, headers: Record<string, string> = officer()) =>
    httpJson<T & ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/severe-mental-disorder${path}`,
      undefined,
      headers,
    );
  const purpose = (text = '随访前核对患者情况') => `purpose=${encodeURIComponent(text)}`;
  const register = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    post<PatientView>('/patients', body, headers);
  const patientBody = (childId: string, over: Record<string, unknown> = {}) => ({
    childId,
    diagnosisCategory: 'schizophrenia',
    diagnosingInstitutionCode: DIAGNOSING,
    diagnosisDate: '2026-03-01',
    guardianConsent: true,
    ...over,
  });
  const storedPatient = (childId: string) =>
    service.db.collection('severe_mental_disorder_patients').findOne({ _id: childId as never });
  const auditOf = (recordId: string): Promise<AuditEntry[]> =>
    service.app.get(AuditTrail).query({ recordId, limit: 100 });

  beforeAll(async () => {
    service = await startTestService({
      name: 'health-severe-mental',
      load: loadHealthInsuranceConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-05-01',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
      CatalogueEvents.entitlementGranted,
    ]);
    probe = await TopicProbe.open(service.config.KAFKA_BROKERS, [DELIVERY], service.topicSuffix);
    const children: [string, string][] = [
      ['smd-a', COUNTY],
      ['smd-b', COUNTY],
      ['smd-c', COUNTY],
      ['smd-bad', COUNTY],
      ['smd-other', OTHER_COUNTY],
    ];
    for (const [childId, county] of children)
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, {
          residenceCountyCode: county,
          birthDate: '2012-06-01',
          severeMentalDisorderAtHome: true,
        }),
        hasIdNumber: true,
        registeredAt: '2026-04-01T08:00:00+08:00',
      });
    // The catalogue granted 健康管理服务 (HZ-08, 卫健委 and 民政局) to smd-a.
    await publisher.publish(CatalogueEvents.entitlementGranted, 'smd-a', {
      childId: 'smd-a',
      countyCode: COUNTY,
      itemCode: 'HZ-08',
      itemName: '健康管理服务',
      departments: [common.Department.DEPARTMENT_HEALTH, common.Department.DEPARTMENT_CIVIL_AFFAIRS],
      listVersion: 1,
      grantedAt: '2026-04-01T09:00:00+08:00',
    });
    await waitFor('the children and the grant projected', async () => {
      const known = await service.db.collection('department_children').countDocuments();
      const granted = await service.db.collection('department_entitlements').countDocuments();
      return known === children.length && granted >= 1 ? true : undefined;
    });
  });

  afterAll(async () => {
    await probe?.close();
    await publisher?.close();
    await service?.close();
  });

  it('refuses everyone but a health officer with the severe-mental-disorder duty, in Chinese', async () => {
    service.clock.set('2026-05-01');
    const refused: [string, Record<string, string>, number][] = [
      ['a health officer without a duty', officer(COUNTY, null), 403],
      ['a health officer with the mental-health duty only', officer(COUNTY, 'mental-health'), 403],
      [
        'a medical-insurance officer claiming the duty',
        { ...officer(), 'x-department': 'DEPARTMENT_MEDICAL_INSURANCE' },
        403,
      ],
      [
        'a civil-affairs officer claiming the duty',
        { ...testActorHeaders({ counties: COUNTY }), 'x-duties': 'severe-mental-disorder' },
        403,
      ],
      [
        'the auditor claiming the duty',
        { ...testActorHeaders({ role: 'auditor', counties: COUNTY }), 'x-duties': 'severe-mental-disorder' },
        403,
      ],
      ['a duty officer of another county', officer(OTHER_COUNTY), 403],
    ];
    for (const [who, headers, status] of refused) {
      const created = await register(patientBody('smd-a'), headers);
      expect([who, 'register', created.status]).toEqual([who, 'register', status]);
      expect(created.body.code).toBe('permission-denied');
      expect(created.body.message).toMatch(/[\u4e00-\u9fff]/);
      if (who !== 'a duty officer of another county')
        expect(created.body.message).toContain('严重精神障碍患者管理记录仅限卫健委');
      const due = await get(`/follow-ups/due?countyCode=${COUNTY}&${purpose()}`, headers);
      expect([who, 'due', due.status]).toEqual([who, 'due', status]);
    }
    expect(await storedPatient('smd-a')).toBeNull();
    expect(await auditOf('patient:smd-a')).toEqual([]);
  });

  it('refuses bad input naming the field and the rule, storing nothing', async () => {
    service.clock.set('2026-05-01');
    const cases: [string, Record<string, unknown>, string, string | RegExp][] = [
      ['no child id', { childId: undefined }, 'childId', /儿童编号/],
      [
        'a disorder outside the six',
        { diagnosisCategory: 'depression' },
        'diagnosisCategory',
        '须为规范所列病种',
      ],
      [
        'a short institution code',
        { diagnosingInstitutionCode: '123' },
        'diagnosingInstitutionCode',
        '统一社会信用代码格式',
      ],
      [
        'a wrong check character',
        { diagnosingInstitutionCode: `${DIAGNOSING.slice(0, 17)}1` },
        'diagnosingInstitutionCode',
        '统一社会信用代码校验位',
      ],
      [
        'a diagnosis date that is no date',
        { diagnosisDate: '2026/03/01' },
        'diagnosisDate',
        /诊断日期须为日期/,
      ],
      ['a diagnosis in the future', { diagnosisDate: '2026-05-02' }, 'diagnosisDate', '不晚于今日'],
      ['a diagnosis before birth', { diagnosisDate: '2012-05-31' }, 'diagnosisDate', '不早于出生日期'],
      ['a consent that is not yes or no', { guardianConsent: 'yes' }, 'guardianConsent', /true 或 false/],
      ['an unknown field', { name: '张三' }, 'name', /./],
    ];
    for (const [why, change, field, rule] of cases) {
      const r = await register({ ...patientBody('smd-bad'), ...change });
      expect([why, r.status, r.body.field]).toEqual([why, 400, field]);
      if (typeof rule === 'string') expect([why, r.body.rule]).toEqual([why, rule]);
      else expect([why, r.body.message]).toEqual([why, expect.stringMatching(rule)]);
    }
    const unknown = await register(patientBody('smd-nobody'));
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([
      404,
      'not-found',
      expect.stringContaining('登记服务中的儿童不存在'),
    ]);
    expect(await storedPatient('smd-bad')).toBeNull();
    expect(await service.db.collection('severe_mental_disorder_patients').countDocuments()).toBe(0);
  });

  it('registers, audits every read with its purpose, and computes follow-ups due and overdue', async () => {
    service.clock.set('2026-05-01');
    const created = await register(patientBody('smd-a'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      childId: 'smd-a',
      diagnosisCategory: 'schizophrenia',
      diagnosisLabel: '精神分裂症',
      guardianConsent: true,
      nextFollowUpOn: '2026-05-15', // first follow-up 14 days after the start of management
      standing: 'scheduled',
      revision: 1,
    });
    expect((await register(patientBody('smd-a'))).status).toBe(409);
    // Registered without the guardian's consent: registered, not managed, nothing due.
    const unmanaged = await register(
      patientBody('smd-b', { guardianConsent: false, diagnosisCategory: 'bipolar' }),
    );
    expect(unmanaged.body).toMatchObject({ standing: 'not-managed', nextFollowUpOn: null });
    service.clock.set('2026-05-02');
    const noConsent = await post<PatientView>('/patients/smd-b/follow-ups', {
      revision: 1,
      riskLevel: 0,
      stability: 'stable',
      adherence: 'regular',
    });
    expect(noConsent.body).toMatchObject({ field: 'guardianConsent', rule: '须监护人同意管理' });
    service.clock.set('2026-05-01');
    await register(patientBody('smd-c', { diagnosisCategory: 'epilepsy-related' }));

    // A read without a purpose is refused; with one it is in the trail.
    const bare = await get<PatientView>('/patients/smd-a?purpose=%20');
    expect(bare.status).toBe(400);
    expect(bare.body.field).toBe('purpose');
    const read = await get<PatientView>(`/patients/smd-a?${purpose()}`);
    expect(read.status).toBe(200);
    expect(read.body.diagnosisCategory).toBe('schizophrenia');

    // Due and overdue as the calendar moves: on 05-08 both are due within 7 days; on 05-16 overdue.
    const dueOn = async (day: string) => {
      service.clock.set(day);
      const r = await get<DuePage>(`/follow-ups/due?countyCode=${COUNTY}&${purpose('月度随访排查')}`);
      expect(r.status).toBe(200);
      return r.body.items.map((i) => [i.childId, i.standing, i.nextFollowUpOn, i.daysOverdue]);
    };
    expect(await dueOn('2026-05-07')).toEqual([]);
    expect(await dueOn('2026-05-08')).toEqual([
      ['smd-a', 'due', '2026-05-15', 0],
      ['smd-c', 'due', '2026-05-15', 0],
    ]);
    expect(await dueOn('2026-05-18')).toEqual([
      ['smd-a', 'overdue', '2026-05-15', 3],
      ['smd-c', 'overdue', '2026-05-15', 3],
    ]);
    const listed = await get<DuePage>(`/follow-ups/due?countyCode=${COUNTY}&${purpose('月度随访排查')}`);
    expect(listed.body.items[0]).not.toHaveProperty('diagnosisCategory');
    const noPurpose = await get(`/follow-ups/due?countyCode=${COUNTY}`);
    expect([noPurpose.status, noPurpose.body.field]).toEqual([400, 'purpose']);

    // Bad follow-ups per field, nothing stored.
    const before = await storedPatient('smd-a');
    const badFollowUps: [Record<string, unknown>, string, string | RegExp][] = [
      [{ riskLevel: 6 }, 'riskLevel', /0至5级/],
      [{ stability: 'fine' }, 'stability', /病情分类须为/],
      [{ adherence: '1' }, 'adherence', /服药依从性须为/],
      [{ riskLevel: 3, stability: 'stable' }, 'stability', '病情分类与危险性不符'],
      [{ on: '2026-05-19' }, 'on', '不晚于今日'],
      [{ on: '2026-04-30' }, 'on', '不早于纳入管理日期'],
      [{ revision: 'one' }, 'revision', /版本号/],
    ];
    for (const [change, field, rule] of badFollowUps) {
      const r = await post<PatientView>('/patients/smd-a/follow-ups', {
        revision: 1,
        riskLevel: 0,
        stability: 'stable',
        adherence: 'regular',
        ...change,
      });
      expect([change, r.status, r.body.field]).toEqual([change, 400, field]);
      if (typeof rule === 'string') expect(r.body.rule).toBe(rule);
      else expect(r.body.message).toMatch(rule);
    }
    expect(await storedPatient('smd-a')).toEqual(before);

    // An unstable follow-up: next within 2 weeks; the HZ-08 delivery recorded once.
    const first = await post<PatientView>('/patients/smd-a/follow-ups', {
      revision: 1,
      riskLevel: 3,
      stability: 'unstable',
      adherence: 'intermittent',
      note: NOTE,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      nextFollowUpOn: '2026-06-01',
      standing: 'scheduled',
      followUps: 1,
      revision: 2,
      deliveryRecorded: true,
    });
    const stale = await post<PatientView>('/patients/smd-a/follow-ups', {
      revision: 1,
      riskLevel: 0,
      stability: 'stable',
      adherence: 'regular',
    });
    expect(stale.status).toBe(409);
    service.clock.set('2026-05-30');
    const second = await post<PatientView>('/patients/smd-a/follow-ups', {
      revision: 2,
      riskLevel: 0,
      stability: 'stable',
      adherence: 'regular',
    });
    expect(second.body).toMatchObject({
      nextFollowUpOn: '2026-08-30',
      standing: 'scheduled',
      deliveryRecorded: true,
    });
    expect(await dueOn('2026-05-30')).toEqual([['smd-c', 'overdue', '2026-05-15', 15]]);

    // The guardian withdraws consent: nothing more is due, follow-ups are refused.
    const withdrawn = await post<PatientView>('/patients/smd-c/consent', {
      revision: 1,
      guardianConsent: false,
    });
    expect(withdrawn.body).toMatchObject({
      guardianConsent: false,
      standing: 'not-managed',
      nextFollowUpOn: null,
    });
    expect(await dueOn('2026-05-30')).toEqual([]);
    const same = await post<PatientView>('/patients/smd-c/consent', { revision: 2, guardianConsent: false });
    expect(same.body).toMatchObject({ field: 'guardianConsent', rule: '与现有记录相同' });

    const full = await get<PatientView>(`/patients/smd-a?${purpose('复核随访记录')}`);
    expect(full.body.records.map((r) => [r.kind, r.riskLevel, r.stability, r.note])).toEqual([
      ['follow-up', 3, 'unstable', NOTE],
      ['follow-up', 0, 'stable', ''],
    ]);
    expect((await auditOf('patient:smd-a')).map((e) => [e.action, e.purpose])).toEqual([
      ['severe-mental-disorder-register', '纳入严重精神障碍患者管理（登记）'],
      ['severe-mental-disorder-read', '随访前核对患者情况'],
      ['severe-mental-disorder-follow-up', '严重精神障碍患者随访'],
      ['severe-mental-disorder-follow-up', '严重精神障碍患者随访'],
      ['severe-mental-disorder-read', '复核随访记录'],
    ]);
    expect((await auditOf(`county:${COUNTY}`)).map((e) => [e.action, e.recordCount])).toEqual([
      ['severe-mental-disorder-list', 0],
      ['severe-mental-disorder-list', 2],
      ['severe-mental-disorder-list', 2],
      ['severe-mental-disorder-list', 2],
      ['severe-mental-disorder-list', 1],
      ['severe-mental-disorder-list', 0],
    ]);
    await expect(service.app.get(AuditTrail).verifyChain()).resolves.toMatchObject({ ok: true });

    // The delivery: once, with the child id and the item code, nothing of the record.
    const deliveries = await probe.waitFor(DELIVERY, 1, (k) => k === 'smd-a');
    expect((await probe.settle(DELIVERY, (k) => k.startsWith('smd-'))).length).toBe(1);
    expect(deliveries[0]!.message).toMatchObject({
      childId: 'smd-a',
      countyCode: COUNTY,
      itemCode: 'HZ-08',
      onDate: '2026-05-18',
      reason: '',
    });
  });

  it('walks a rehabilitation referral through its states and refuses an illegal step', async () => {
    service.clock.set('2026-06-01');
    const unmanaged = await post<ReferralView>('/rehabilitation-referrals', {
      childId: 'smd-b',
      institutionCode: REHAB_INSTITUTION,
    });
    expect(unmanaged.body).toMatchObject({ field: 'guardianConsent', rule: '须监护人同意管理' });
    const badInstitution = await post<ReferralView>('/rehabilitation-referrals', {
      childId: 'smd-a',
      institutionCode: 'ABC',
    });
    expect(badInstitution.body).toMatchObject({ field: 'institutionCode', rule: '统一社会信用代码格式' });
    expect(
      await service.db.collection('severe_mental_disorder_rehabilitation_referrals').countDocuments(),
    ).toBe(0);

    const opened = await post<ReferralView>('/rehabilitation-referrals', {
      childId: 'smd-a',
      institutionCode: REHAB_INSTITUTION,
      note: REFERRAL_NOTE,
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      state: 'referred',
      dueOn: '2026-06-11',
      revision: 1,
      note: REFERRAL_NOTE,
    });
    expect(opened.body.availableActions.map((a) => a.action)).toEqual(['accept', 'end']);
    const id = opened.body.id;
    const second = await post('/rehabilitation-referrals', {
      childId: 'smd-a',
      institutionCode: REHAB_INSTITUTION,
    });
    expect(second.status).toBe(409);

    // Acceptance overdue after 10 days: listed as overdue.
    service.clock.set('2026-06-12');
    const overdue = await get<{ items: ReferralView[] }>(
      `/rehabilitation-referrals?countyCode=${COUNTY}&overdueOnly=true&${purpose('转介逾期排查')}`,
    );
    expect(overdue.body.items.map((i) => [i.id, i.overdue])).toEqual([[id, true]]);

    // An illegal transition (start before acceptance) is refused naming the rule, nothing changed.
    const illegal = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, {
      action: 'start',
      revision: 1,
    });
    expect(illegal.status).toBe(400);
    expect(illegal.body).toMatchObject({ field: 'action', rule: '开始康复的适用状态' });
    expect(illegal.body.message).toContain('当前为「已转介，待康复机构接收」');
    const wrongReason = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, {
      action: 'end',
      revision: 1,
      endReason: 'completed',
    });
    expect(wrongReason.body).toMatchObject({ field: 'endReason', rule: '结束原因与状态不符' });
    const unknownAction = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, {
      action: 'close',
      revision: 1,
    });
    expect(unknownAction.body.field).toBe('action');

    const walk: [Record<string, unknown>, string, string | null][] = [
      [{ action: 'accept' }, 'accepted', '2026-06-26'],
      [{ action: 'start', note: '每周三次日间康复' }, 'in-rehabilitation', null],
    ];
    let revision = 1;
    for (const [step, state, dueOn] of walk) {
      const r = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, { ...step, revision });
      expect([step, r.status, r.body.state, r.body.dueOn]).toEqual([step, 200, state, dueOn]);
      revision = r.body.revision;
    }
    const noReason = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, {
      action: 'end',
      revision,
    });
    expect(noReason.body).toMatchObject({ field: 'endReason', rule: '须说明结束原因' });
    const ended = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, {
      action: 'end',
      revision,
      endReason: 'completed',
    });
    expect(ended.body).toMatchObject({ state: 'ended', endReason: 'completed', dueOn: null, revision: 4 });
    expect(ended.body.availableActions).toEqual([]);
    const afterEnd = await post<ReferralView>(`/rehabilitation-referrals/${id}/steps`, {
      action: 'accept',
      revision: 4,
    });
    expect(afterEnd.body).toMatchObject({ field: 'action', rule: '已结束不再办理' });

    const read = await get<ReferralView>(`/rehabilitation-referrals/${id}?${purpose('康复情况复核')}`);
    expect(read.body.steps.map((s) => [s.action, s.to])).toEqual([
      ['accept', 'accepted'],
      ['start', 'in-rehabilitation'],
      ['end', 'ended'],
    ]);
    expect((await get(`/rehabilitation-referrals/${id}`)).body.field).toBe('purpose');
    expect(
      (await get(`/rehabilitation-referrals/${id}?${purpose()}`, officer(COUNTY, 'mental-health'))).status,
    ).toBe(403);
    expect((await auditOf(`rehabilitation:${id}`)).map((e) => e.action)).toEqual([
      'severe-mental-disorder-rehabilitation-refer',
      'severe-mental-disorder-rehabilitation-step',
      'severe-mental-disorder-rehabilitation-step',
      'severe-mental-disorder-rehabilitation-step',
      'severe-mental-disorder-rehabilitation-read',
    ]);
    // A new referral once the last has ended.
    expect(
      (await post('/rehabilitation-referrals', { childId: 'smd-a', institutionCode: REHAB_INSTITUTION }))
        .status,
    ).toBe(201);
  });

  it('keeps the record off every topic of the service and out of clear text at rest', async () => {
    // Everything this test app's service has on the broker: every topic with its suffix, from the start.
    const kafka = new Kafka({
      clientId: `smd-topics-${process.pid}`,
      brokers: [...service.config.KAFKA_BROKERS],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.endsWith(`.${service.topicSuffix}`));
    let total = 0;
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    await admin.disconnect();
    expect(topics).toContain(`${DELIVERY.topic}.${service.topicSuffix}`);
    const seen: { topic: string; key: string; value: Buffer }[] = [];
    const consumer = kafka.consumer({
      groupId: `smd-topics-${process.pid}-${Date.now()}`,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({ topic, key: message.key?.toString() ?? '', value: message.value ?? Buffer.alloc(0) });
      },
    });
    await waitFor('every message of the service’s topics read', async () =>
      seen.length >= total ? true : undefined,
    );
    await consumer.disconnect();
    const forbidden = [
      'schizophrenia',
      'bipolar',
      'epilepsy-related',
      '精神分裂症',
      DIAGNOSING,
      REHAB_INSTITUTION,
      NOTE,
      REFERRAL_NOTE,
      'unstable',
      'intermittent',
      'rehabilitation',
    ];
    for (const m of seen) {
      const text = m.value.toString('utf8');
      for (const word of forbidden)
        expect([m.topic, text.includes(word), word]).toEqual([m.topic, false, word]);
    }
    // The only messages about these children are the one HZ-08 delivery (and the test's own input).
    const ours = seen.filter((m) => m.key.startsWith('smd-') && m.topic.startsWith(DELIVERY.topic));
    expect(ours.map((m) => DELIVERY.codec.decode(m.value).itemCode)).toEqual(['HZ-08']);

    // At rest: the diagnosis and the notes are sealed in every collection.
    const everything: unknown[] = [];
    for (const { name } of await service.db.listCollections().toArray())
      everything.push(await service.db.collection(name).find({}).toArray());
    const atRest = JSON.stringify(everything);
    for (const clear of ['schizophrenia', 'epilepsy-related', NOTE, REFERRAL_NOTE, '每周三次日间康复'])
      expect([clear, atRest.includes(clear)]).toEqual([clear, false]);
    expect(JSON.stringify(await storedPatient('smd-a'))).toContain('sm4:1:');
    expect(await storedPatient('smd-a')).not.toHaveProperty('outbox');
  });
});
