// Guardianship cases (监护缺失/监护不力 处置) on the real database and broker: the registry's
// children arrive by event, then a case walks seed §10's path party by party; refused steps
// name their rule and change nothing; another county's officer is refused; a stale or
// concurrent step is refused whole; the county list puts overdue cases first as the clock moves.
import { RegistryEvents } from '@care/contracts';
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
import { loadWelfareConfig, type WelfareConfig } from '../src/config';
import type { GuardianshipCaseDocument } from '../src/guardianship/guardianship-case.schema';
import type { GuardianshipStepDocument } from '../src/guardianship/guardianship-step.schema';
import { GuardianshipStepsRepository } from '../src/guardianship/guardianship-steps.repository';

const COUNTY = '371702'; // 牡丹区
const OTHER_COUNTY = '371721'; // 曹县

const committee = (counties = COUNTY) =>
  testActorHeaders({ role: 'child-director', userId: 'director-1', counties });
const civilAffairs = (counties = COUNTY) => testActorHeaders({ role: 'civil-affairs-officer', counties });
const officer = (department: string, counties = COUNTY) =>
  testActorHeaders({ role: 'department-officer', department, counties, userId: `officer-${department}` });
const police = officer('DEPARTMENT_PUBLIC_SECURITY');
const womensFederation = officer('DEPARTMENT_WOMENS_FEDERATION');

interface CaseView {
  id: string;
  state: string;
  stateLabel: string;
  revision: number;
  dueOn: string | null;
  overdue: boolean;
  daysOverdue: number;
  summary: string;
  outcome: string | null;
  closedOn: string | null;
  steps: {
    seq: number;
    action: string;
    from: string | null;
    to: string;
    party: string;
    on: string;
    note: string;
  }[];
  availableActions: { action: string; label: string }[];
}
interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  rule?: string;
}
interface Page {
  items: CaseView[];
  nextCursor?: string;
}

describe('welfare: guardianship cases (real database and broker)', () => {
  let service: TestService<WelfareConfig>;
  let publisher: TestPublisher;

  const open = (body: Record<string, unknown>, headers = committee()) =>
    httpJson<CaseView & ErrorBody>(service.httpUrl, 'POST', '/api/v1/guardianship-cases', body, headers);
  const act = (id: string, body: Record<string, unknown>, headers: Record<string, string>) =>
    httpJson<CaseView & ErrorBody>(
      service.httpUrl,
      'POST',
      `/api/v1/guardianship-cases/${id}/actions`,
      body,
      headers,
    );
  const get = (id: string, headers: Record<string, string>) =>
    httpJson<CaseView & ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/guardianship-cases/${id}?purpose=${encodeURIComponent('回访前核对案件情况')}`,
      undefined,
      headers,
    );
  const list = (query: string, headers: Record<string, string>) =>
    httpJson<Page & ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/guardianship-cases?${query}`,
      undefined,
      headers,
    );
  const stored = (id: string) =>
    service.db.collection<GuardianshipCaseDocument>('guardianship_cases').findOne({ _id: id });
  const stepsOf = (id: string) =>
    service.db
      .collection<GuardianshipStepDocument>('guardianship_steps')
      .find({ caseId: id })
      .sort({ seq: 1 })
      .toArray();

  beforeAll(async () => {
    service = await startTestService({
      name: 'welfare-guardianship',
      load: loadWelfareConfig,
      module: (config, clock) => AppModule.forRoot(config, { clock }),
      grpcPackages: [],
      today: '2026-05-01',
    });
    publisher = await TestPublisher.open(service.config.KAFKA_BROKERS, service.topicSuffix, [
      RegistryEvents.childRegistered,
    ]);
    const children: [string, string][] = [
      ['gd-path', COUNTY],
      ['gd-race', COUNTY],
      ['gd-crash', COUNTY],
      ['gd-a', OTHER_COUNTY],
      ['gd-b', OTHER_COUNTY],
      ['gd-c', OTHER_COUNTY],
      ['gd-d', OTHER_COUNTY],
    ];
    for (const [childId, county] of children) {
      await publisher.publish(RegistryEvents.childRegistered, childId, {
        facts: childFacts(childId, 1, { residenceCountyCode: county }),
        hasIdNumber: true,
        registeredAt: '2026-04-01T08:00:00+08:00',
      });
    }
    // The last child in the projection: every earlier one is there too (one partition per key, but
    // the probe below checks each before use anyway).
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

  it('walks the whole path: committee, police, guidance, follow-up, closed', async () => {
    service.clock.set('2026-05-01');
    const opened = await open({
      childId: 'gd-path',
      concern: 'duty-not-fulfilled',
      summary: '父母长期外出务工，儿童独自在家，邻居反映无人照看。',
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      state: 'reported',
      stateLabel: '待劝诫、制止',
      revision: 1,
      dueOn: '2026-05-04',
      overdue: false,
      summary: '父母长期外出务工，儿童独自在家，邻居反映无人照看。',
    });
    expect(opened.body.availableActions.map((a) => a.action)).toEqual([
      'admonish',
      'report-to-police',
      'close-unfounded',
    ]);
    const id = opened.body.id;

    // A second open case for the same child is refused.
    const twice = await open({ childId: 'gd-path', concern: 'rights-infringed', summary: '再次报告' });
    expect(twice.status).toBe(409);

    const steps: [string, Record<string, string>, string, string, string | null][] = [
      ['admonish', committee(), '2026-05-02', 'follow-up', '2026-06-01'],
      ['report-to-police', committee(), '2026-05-10', 'reported-to-police', '2026-05-11'],
      ['acknowledge', police, '2026-05-11', 'admonition-pending', '2026-05-18'],
      ['order-family-education-guidance', police, '2026-05-15', 'family-education-guidance', '2026-07-14'],
      ['complete-guidance', womensFederation, '2026-06-20', 'follow-up', '2026-07-20'],
    ];
    let revision = 1;
    for (const [action, headers, on, state, dueOn] of steps) {
      service.clock.set(on);
      const r = await act(id, { action, revision, note: `${action} 办理情况` }, headers);
      expect([action, r.status, r.body.state, r.body.dueOn]).toEqual([action, 200, state, dueOn]);
      revision = r.body.revision;
    }
    expect(revision).toBe(6);

    // Narratives and notes are sealed at rest: the database holds no clear text of them.
    const atRest = JSON.stringify([
      await service.db.collection('guardianship_cases').findOne({ _id: id } as never),
      await service.db.collection('guardianship_steps').find({ caseId: id }).toArray(),
    ]);
    expect(atRest).not.toContain('无人照看');
    expect(atRest).not.toContain('办理情况');
    expect(atRest).toContain('sm4:1:');
    const reread = await get(id, committee());
    expect(reread.body.summary).toBe('父母长期外出务工，儿童独自在家，邻居反映无人照看。');
    expect(reread.body.steps.at(-1)).toMatchObject({ note: 'complete-guidance 办理情况' });

    // Every opening of the narrative is in the audit trail with its purpose: the read, and each
    // step's answer (which shows the case with its notes).
    const trail = await service.db
      .collection('audit_trail')
      .find({ recordId: id } as never)
      .toArray();
    expect(trail.map((e) => e.purpose)).toEqual(
      expect.arrayContaining(['回访前核对案件情况', '办理：训诫并责令接受家庭教育指导']),
    );
    expect(trail.every((e) => e.action === 'read-case' && e.field === 'summary,notes')).toBe(true);
    const noPurpose = await httpJson<ErrorBody>(
      service.httpUrl,
      'GET',
      `/api/v1/guardianship-cases/${id}`,
      undefined,
      committee(),
    );
    expect(noPurpose.status).toBe(400);

    // Closing before any follow-up: refused, the rule named, nothing changed.
    const early = await act(id, { action: 'close', revision }, civilAffairs());
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ code: 'invalid-argument', field: 'action', rule: '结案前须回访' });
    expect(early.body.message).toContain('规则：经回访监护职责已落实的，方可结案');

    // A step the state does not allow: refused with the rule, nothing changed.
    const before = await stored(id);
    const longTerm = await act(id, { action: 'place-in-long-term-guardianship', revision }, civilAffairs());
    expect(longTerm.status).toBe(400);
    expect(longTerm.body.rule).toBe('长期监护的适用状态');
    expect(longTerm.body.message).toBe(
      '案件当前为「回访中」，不能「长期监护」：仅适用于「临时监护中」的案件（规则：无法回归家庭的，依托儿童福利机构提供长期监护（须先经临时监护））',
    );
    // The right state but the wrong party: reporting to the police is the committee's step.
    const wrongParty = await act(id, { action: 'report-to-police', revision }, police);
    expect(wrongParty.status).toBe(403);
    expect(wrongParty.body.message).toContain('「报告公安机关」须由村（居）民委员会办理');
    // A date before the last step.
    const backDated = await act(id, { action: 'follow-up', revision, on: '2026-06-19' }, committee());
    expect(backDated.status).toBe(400);
    expect(backDated.body).toMatchObject({ field: 'on', rule: '不早于上一步' });
    expect(await stored(id)).toEqual(before);

    service.clock.set('2026-07-01');
    const visit = await act(
      id,
      { action: 'follow-up', revision, note: '回访：监护人已返乡照料' },
      committee(),
    );
    expect(visit.body).toMatchObject({ state: 'follow-up', dueOn: '2026-07-31', revision: 7 });
    const closed = await act(id, { action: 'close', revision: 7 }, civilAffairs());
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      state: 'closed',
      outcome: 'resolved',
      closedOn: '2026-07-01',
      dueOn: null,
      revision: 8,
      availableActions: [],
    });

    const read = await get(id, committee());
    expect(read.status).toBe(200);
    expect(read.body.steps.map((s) => [s.seq, s.action, s.from, s.to, s.party, s.on])).toEqual([
      [1, 'open', null, 'reported', 'committee', '2026-05-01'],
      [2, 'admonish', 'reported', 'follow-up', 'committee', '2026-05-02'],
      [3, 'report-to-police', 'follow-up', 'reported-to-police', 'committee', '2026-05-10'],
      [4, 'acknowledge', 'reported-to-police', 'admonition-pending', 'police', '2026-05-11'],
      [
        5,
        'order-family-education-guidance',
        'admonition-pending',
        'family-education-guidance',
        'police',
        '2026-05-15',
      ],
      [6, 'complete-guidance', 'family-education-guidance', 'follow-up', 'womens-federation', '2026-06-20'],
      [7, 'follow-up', 'follow-up', 'follow-up', 'committee', '2026-07-01'],
      [8, 'close', 'follow-up', 'closed', 'civil-affairs', '2026-07-01'],
    ]);
    // A closed case takes no step; the child may have a new case.
    const after = await act(id, { action: 'follow-up', revision: 8 }, committee());
    expect(after.status).toBe(400);
    expect(after.body.rule).toBe('已结案不再办理');
    const again = await open({ childId: 'gd-path', concern: 'rights-infringed', summary: '再次发现' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(id);
  });

  it('refuses an officer of another county, and a party with no part in a case', async () => {
    service.clock.set('2026-05-01');
    const opened = await open({ childId: 'gd-race', concern: 'rights-infringed', summary: '儿童身上有伤痕' });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const outsider = committee(OTHER_COUNTY);
    expect((await get(id, outsider)).status).toBe(403);
    const actOutside = await act(id, { action: 'admonish', revision: 1 }, outsider);
    expect(actOutside.status).toBe(403);
    expect(actOutside.body.message).toContain(`无权访问区县 ${COUNTY} 的数据`);
    expect((await list(`countyCode=${COUNTY}`, outsider)).status).toBe(403);
    // Opening for a child of another county is refused too.
    expect((await open({ childId: 'gd-race', concern: 'without-care', summary: 'x' }, outsider)).status).toBe(
      403,
    );
    // A health officer of the right county has no part in a case; the auditor reads no narrative.
    expect((await get(id, officer('DEPARTMENT_HEALTH'))).status).toBe(403);
    expect((await get(id, testActorHeaders({ role: 'auditor', counties: COUNTY }))).status).toBe(403);
    expect((await stored(id))?.rev).toBe(1);
    // Bad input is named in Chinese; an unknown child or case is 404.
    const bad = await open({ childId: 'gd-race', concern: 'neglect', summary: '' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/情形须为|须填写情况概述/);
    expect((await open({ childId: 'nobody', concern: 'without-care', summary: 'x' })).status).toBe(404);
    expect((await get('00000000-0000-4000-8000-000000000000', committee())).status).toBe(404);
    expect((await get('not-a-case', committee())).status).toBe(404);
  });

  it('refuses a stale revision and concurrent steps whole (409, one step lands)', async () => {
    service.clock.set('2026-05-01');
    const [current] = (await list(`countyCode=${COUNTY}&state=reported`, committee())).body.items.filter(
      (c) => c.revision === 1,
    );
    const id = current.id;
    const stale = await act(id, { action: 'admonish', revision: 5 }, committee());
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('案件已被他人更新（当前版本 1');
    expect(await stepsOf(id)).toHaveLength(0);

    // Eight steps of three parties on revision 1 at once: exactly one lands, whole.
    const attempts: [string, Record<string, string>][] = [
      ['admonish', committee()],
      ['place-in-temporary-guardianship', civilAffairs()],
      ['close-unfounded', civilAffairs()],
      ['report-to-police', committee()],
      ['admonish', committee()],
      ['place-in-temporary-guardianship', civilAffairs()],
      ['close-unfounded', committee()],
      ['report-to-police', committee()],
    ];
    const results = await Promise.all(
      attempts.map(([action, headers], n) => act(id, { action, revision: 1, note: `attempt ${n}` }, headers)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)?.body as CaseView;
    const doc = await stored(id);
    expect(doc).toMatchObject({ rev: 2, state: winner.state, dueOn: winner.dueOn });
    const log = await stepsOf(id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ seq: 2, to: winner.state });
    expect(log[0].note).toMatch(/^sm4:/); // the winner's note, sealed
    expect((await get(id, committee())).body.steps).toHaveLength(2);

    // The arbiter itself on the real database: many claims of one seq, one lands.
    const repository = service.app.get(GuardianshipStepsRepository);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        repository.claim({ ...log[0], seq: 3, _id: `${id}:3`, note: `claim ${n}` }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stepsOf(id)).toHaveLength(2);
  });

  it('finishes a step whose writer stopped between its two writes', async () => {
    service.clock.set('2026-05-01');
    const opened = await open({ childId: 'gd-crash', concern: 'duty-not-fulfilled', summary: '未及时接送' });
    const id = opened.body.id;
    // The step is in the log; the case still says revision 1 (the writer died before updating it).
    await service.db.collection('guardianship_steps').insertOne({
      _id: `${id}:2` as never,
      caseId: id,
      countyCode: COUNTY,
      seq: 2,
      action: 'admonish',
      from: 'reported',
      to: 'follow-up',
      party: 'committee',
      userId: 'director-1',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      on: '2026-05-01',
      note: '',
      recordedAt: new Date().toISOString(),
      change: {
        state: 'follow-up',
        stateSince: '2026-05-01',
        lastStepOn: '2026-05-01',
        visitsInState: 0,
        outcome: null,
        closedOn: null,
        dueOn: '2026-05-31',
        dueKey: '2026-05-31',
        openKey: 'gd-crash',
        updatedAt: new Date(),
      },
    });
    expect((await stored(id))?.rev).toBe(1);
    // A step built on revision 1 is refused: the case has moved on.
    const late = await act(id, { action: 'close-unfounded', revision: 1 }, committee());
    expect(late.status).toBe(409);
    expect(await stored(id)).toMatchObject({ rev: 2, state: 'follow-up', dueOn: '2026-05-31' });
    const read = await get(id, committee());
    expect(read.body).toMatchObject({ revision: 2, state: 'follow-up' });
    expect(read.body.steps.map((s) => s.action)).toEqual(['open', 'admonish']);
  });

  it('lists a county overdue first, the longest overdue at the top, as the clock moves', async () => {
    const county = civilAffairs(OTHER_COUNTY);
    const director = committee(OTHER_COUNTY);
    service.clock.set('2026-05-10');
    // a: opened 05-01 by the committee (due 05-04); b: opened 05-08 by the police (due 05-15);
    // c: opened 05-09 and admonished 05-10 (follow-up due 06-09); d: opened and closed.
    const a = await open(
      { childId: 'gd-a', concern: 'without-care', summary: 'a', openedOn: '2026-05-01' },
      director,
    );
    const b = await open(
      { childId: 'gd-b', concern: 'rights-infringed', summary: 'b', openedOn: '2026-05-08' },
      officer('DEPARTMENT_PUBLIC_SECURITY', OTHER_COUNTY),
    );
    const c = await open(
      { childId: 'gd-c', concern: 'duty-not-fulfilled', summary: 'c', openedOn: '2026-05-09' },
      director,
    );
    expect((await act(c.body.id, { action: 'admonish', revision: 1 }, director)).status).toBe(200);
    const d = await open({ childId: 'gd-d', concern: 'duty-not-fulfilled', summary: 'd' }, director);
    expect((await act(d.body.id, { action: 'close-unfounded', revision: 1 }, director)).status).toBe(200);
    expect(b.body).toMatchObject({ state: 'admonition-pending', dueOn: '2026-05-15' });

    const rows = async (query = '') => {
      const r = await list(`countyCode=${OTHER_COUNTY}${query}`, county);
      expect(r.status).toBe(200);
      return r.body.items.map((i) => [i.id, i.overdue, i.daysOverdue]);
    };
    expect(await rows()).toEqual([
      [a.body.id, true, 6],
      [b.body.id, false, 0],
      [c.body.id, false, 0],
      [d.body.id, false, 0],
    ]);
    // The list carries no narrative.
    expect((await list(`countyCode=${OTHER_COUNTY}`, county)).body.items[0]).not.toHaveProperty('summary');

    service.clock.set('2026-06-12');
    expect(await rows()).toEqual([
      [a.body.id, true, 39],
      [b.body.id, true, 28],
      [c.body.id, true, 3],
      [d.body.id, false, 0],
    ]);
    // A follow-up on c puts it back in time and at the end of the open cases.
    const cNow = await get(c.body.id, director);
    expect(
      (await act(c.body.id, { action: 'follow-up', revision: cNow.body.revision }, director)).status,
    ).toBe(200);
    expect(await rows('&overdueOnly=true')).toEqual([
      [a.body.id, true, 39],
      [b.body.id, true, 28],
    ]);
    expect((await rows()).map(([id]) => id)).toEqual([a.body.id, b.body.id, c.body.id, d.body.id]);

    // Paging keeps the order.
    const first = await list(`countyCode=${OTHER_COUNTY}&pageSize=3`, county);
    expect(first.body.items.map((i) => i.id)).toEqual([a.body.id, b.body.id, c.body.id]);
    expect(first.body.nextCursor).toBeDefined();
    const second = await list(
      `countyCode=${OTHER_COUNTY}&pageSize=3&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
      county,
    );
    expect(second.body.items.map((i) => i.id)).toEqual([d.body.id]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await list(`countyCode=${OTHER_COUNTY}&pageSize=0`, county)).status).toBe(400);
  });
});
