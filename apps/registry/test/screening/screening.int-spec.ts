import { RegistryEvents } from '@care/contracts';
import { TopicProbe } from '@care/service-kit/testing';
import { ScreeningService } from '../../src/screening/screening.service';
import { actorHeaders, http, registerChild } from '../key-care/ledger-app';
import { startRegistry, type RegistryTestApp } from '../app-factory';

// A screening round's life cycle against the real FerretDB and Kafka, and what it does to the
// county's stale list (超过6个月未核实): found/confirmed children leave it, a child not found and a
// child never visited stay on it. Also the repair of a result whose verification never reached
// the child record (a crash between the two writes).

const COUNTY = '371702'; // 牡丹区
const EAST = '371702001'; // 东城街道
const WEST = '371702002'; // 西城街道

interface RoundView {
  roundId: string;
  period: string;
  status: string;
  summary: {
    assigned: number;
    found: number;
    confirmed: number;
    notFound: number;
    notYetVisited: number;
    covered: number;
  };
  byTownship: { townshipCode: string; assigned: number; notYetVisited: number }[];
}

describe('screening rounds (监测摸排)', () => {
  let app: RegistryTestApp;
  let probe: TopicProbe;
  const ids: Record<'found' | 'notFound' | 'unvisited' | 'west', string> = {
    found: '',
    notFound: '',
    unvisited: '',
    west: '',
  };
  const ours = (key: string) => Object.values(ids).includes(key);
  let round: RoundView;

  const staleIds = async (): Promise<string[]> => {
    const page = await http<{ items: { childId: string }[] }>(
      app,
      'GET',
      `/api/v1/children/stale?countyCode=${COUNTY}&pageSize=100`,
    );
    return page.body.items.map((c) => c.childId).sort();
  };

  beforeAll(async () => {
    app = await startRegistry({ name: 'screening', today: '2026-03-01' });
    probe = await TopicProbe.open(
      app.config.KAFKA_BROKERS,
      [RegistryEvents.childUpdated],
      app.config.EVENT_TOPIC_SUFFIX,
    );
    // Four children last verified on 2025-06-01: all stale on 2026-03-01.
    const child = (name: string, township: string) =>
      registerChild(app, {
        name,
        birthDate: '2016-04-01',
        hukouDivisionCode: '410102',
        residenceDivisionCode: township,
        movedInOn: '2025-01-10',
        verifiedOn: '2025-06-01',
      });
    ids.found = (await child('孙一', EAST)).childId;
    ids.notFound = (await child('孙二', EAST)).childId;
    ids.unvisited = (await child('孙三', EAST)).childId;
    ids.west = (await child('孙四', WEST)).childId;
  });

  afterAll(async () => {
    await probe?.close();
    await app?.close();
  });

  it('starts with every record stale', async () => {
    expect(await staleIds()).toEqual(Object.values(ids).sort());
  });

  it('opens one round per county and half-year, refusing a second with a clear reason', async () => {
    const opened = await http<RoundView>(app, 'POST', '/api/v1/screening/rounds', {
      countyCode: COUNTY,
      period: '2026-H1',
    });
    expect(opened.status).toBe(201);
    round = opened.body;
    expect(round).toMatchObject({ period: '2026-H1', status: 'open', summary: { assigned: 0 } });

    const second = await http(app, 'POST', '/api/v1/screening/rounds', {
      countyCode: COUNTY,
      period: '2026-H1',
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'failed-precondition', field: 'period' });
    expect(String(second.body.message)).toContain('已有进行中的摸排轮次');

    const past = await http(app, 'POST', '/api/v1/screening/rounds', {
      countyCode: COUNTY,
      period: '2025-H2',
    });
    expect(past.status).toBe(409);
    expect(String(past.body.message)).toContain('已结束');

    const malformed = await http(app, 'POST', '/api/v1/screening/rounds', {
      countyCode: COUNTY,
      period: '2026-H3',
    });
    expect(malformed.status).toBe(400);

    const otherCounty = await http(app, 'POST', '/api/v1/screening/rounds', {
      countyCode: '371721',
      period: '2026-H1',
    });
    expect(otherCounty.status).toBe(403);
  });

  it('assigns a township to a child director: its resident children enter the round', async () => {
    const assigned = await http<RoundView>(
      app,
      'POST',
      `/api/v1/screening/rounds/${round.roundId}/townships`,
      {
        countyCode: COUNTY,
        townshipCode: EAST,
        workerId: 'director-1',
        workerKind: 'child-director',
        workerName: '东城街道儿童主任',
      },
    );
    expect(assigned.status).toBe(201);
    expect(assigned.body.summary).toMatchObject({ assigned: 3, notYetVisited: 3, covered: 0 });
    const again = await http<RoundView>(app, 'POST', `/api/v1/screening/rounds/${round.roundId}/townships`, {
      countyCode: COUNTY,
      townshipCode: EAST,
      workerId: 'org-9',
      workerKind: 'social-work-organisation',
    });
    expect(again.body.summary.assigned).toBe(3); // re-assignment moves children, never duplicates them

    const wrongTownship = await http(app, 'POST', `/api/v1/screening/rounds/${round.roundId}/townships`, {
      countyCode: COUNTY,
      townshipCode: '371721001',
      workerId: 'x',
      workerKind: 'child-director',
    });
    expect(wrongTownship.status).toBe(400);
    expect(wrongTownship.body).toMatchObject({ field: 'townshipCode' });

    const uncovered = await http<{ items: { childId: string; assigned: boolean }[] }>(
      app,
      'GET',
      `/api/v1/screening/rounds/${round.roundId}/uncovered?countyCode=${COUNTY}`,
    );
    expect(uncovered.body.items.map((c) => [c.childId, c.assigned]).sort()).toEqual(
      [
        [ids.found, true],
        [ids.notFound, true],
        [ids.unvisited, true],
        [ids.west, false],
      ].sort(),
    );
  });

  it('records results: found moves lastVerifiedOn, not found does not', async () => {
    app.clock.set('2026-03-05');
    const found = await http(app, 'POST', `/api/v1/screening/rounds/${round.roundId}/results`, {
      countyCode: COUNTY,
      childId: ids.found,
      outcome: 'found',
      visitedOn: '2026-03-04',
      workerId: 'org-9',
    });
    expect(found.status).toBe(201);
    expect(found.body).toMatchObject({ outcome: 'found', verificationApplied: true });
    const notFound = await http(app, 'POST', `/api/v1/screening/rounds/${round.roundId}/results`, {
      countyCode: COUNTY,
      childId: ids.notFound,
      outcome: 'not-found',
      visitedOn: '2026-03-04',
      workerId: 'org-9',
      note: '原址已无人居住',
    });
    expect(notFound.status).toBe(201);

    const future = await http(app, 'POST', `/api/v1/screening/rounds/${round.roundId}/results`, {
      countyCode: COUNTY,
      childId: ids.unvisited,
      outcome: 'confirmed',
      visitedOn: '2026-03-06',
      workerId: 'org-9',
    });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ field: 'visitedOn' });

    const child = await http<{ lastVerifiedOn: string }>(app, 'GET', `/api/v1/children/${ids.found}`);
    expect(child.body.lastVerifiedOn).toBe('2026-03-04');
    expect(await staleIds()).toEqual([ids.notFound, ids.unvisited, ids.west].sort());

    const updated = await probe.waitFor(RegistryEvents.childUpdated, 1, (key) => key === ids.found);
    expect(updated[0].message.changedFields).toContain('lastVerifiedOn');
  });

  it('repairs a result whose verification never reached the child record (crash between the two writes)', async () => {
    // The state a crash right after the first write leaves: the result stored with its flag set,
    // the child record untouched. Written raw, as the service would have written it.
    const at = new Date('2026-03-05T09:00:00+08:00');
    await app.db.collection('screening_assignments').insertOne({
      _id: `${round.roundId}:${ids.west}` as never,
      roundId: round.roundId,
      countyCode: COUNTY,
      townshipCode: WEST,
      childId: ids.west,
      workerId: 'director-2',
      workerKind: 'child-director',
      assignedOn: '2026-03-05',
      outcome: 'confirmed',
      visitedOn: '2026-03-05',
      resultWorkerId: 'director-2',
      note: '',
      recordedBy: 'test-civil-affairs-officer',
      recordedAt: at,
      resultVersion: 1,
      verificationPending: true,
      updatedAt: at,
    });
    expect(await staleIds()).toContain(ids.west);

    const service = app.app.get(ScreeningService);
    expect(await service.repairPendingVerifications()).toBe(1);
    expect(await service.repairPendingVerifications()).toBe(0); // idempotent: nothing left to apply
    expect(await staleIds()).toEqual([ids.notFound, ids.unvisited].sort());
    expect(
      await app.db
        .collection('screening_assignments')
        .findOne({ _id: `${round.roundId}:${ids.west}` as never }),
    ).toMatchObject({ verificationPending: false });
  });

  it('shows per-county progress while the round is open', async () => {
    const progress = await http<{ rounds: RoundView[] }>(
      app,
      'GET',
      `/api/v1/screening/progress?countyCode=${COUNTY}`,
    );
    expect(progress.body.rounds).toHaveLength(1);
    expect(progress.body.rounds[0].summary).toEqual({
      assigned: 4,
      found: 1,
      confirmed: 1,
      notFound: 1,
      notYetVisited: 1,
      covered: 3,
    });
    expect(progress.body.rounds[0].byTownship).toEqual([
      expect.objectContaining({ townshipCode: EAST, assigned: 3, notYetVisited: 1 }),
      expect.objectContaining({ townshipCode: WEST, assigned: 1, notYetVisited: 0 }),
    ]);
    const uncovered = await http<{ items: { childId: string }[] }>(
      app,
      'GET',
      `/api/v1/screening/rounds/${round.roundId}/uncovered?countyCode=${COUNTY}`,
    );
    expect(uncovered.body.items.map((c) => c.childId)).toEqual([ids.unvisited]);
  });

  it('closes the round with its summary, then refuses results and allows a new round', async () => {
    const closed = await http<RoundView>(
      app,
      'POST',
      `/api/v1/screening/rounds/${round.roundId}/close`,
      { countyCode: COUNTY },
      actorHeaders('civil-affairs-admin'),
    );
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      summary: { assigned: 4, found: 1, confirmed: 1, notFound: 1, notYetVisited: 1 },
    });

    const late = await http(app, 'POST', `/api/v1/screening/rounds/${round.roundId}/results`, {
      countyCode: COUNTY,
      childId: ids.unvisited,
      outcome: 'confirmed',
      visitedOn: '2026-03-05',
      workerId: 'org-9',
    });
    expect(late.status).toBe(409);
    expect(String(late.body.message)).toContain('已结束');

    const reopened = await http<RoundView>(app, 'POST', '/api/v1/screening/rounds', {
      countyCode: COUNTY,
      period: '2026-H1',
    });
    expect(reopened.status).toBe(201);
    expect(reopened.body.roundId).not.toBe(round.roundId);

    // The stale list is what the closed round left: the child not found and the one never visited.
    expect(await staleIds()).toEqual([ids.notFound, ids.unvisited].sort());
    expect(probe.events(RegistryEvents.childUpdated, ours).map((e) => e.key)).not.toContain(ids.notFound);
  });
});
