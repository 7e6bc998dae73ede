import request from 'supertest';
import { RegistryEvents } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import { actorHeaders, startRegistry, type RegistryTestApp } from './app-factory';
import { registrationBody } from './fixtures';
import { TopicProbe } from '@care/service-kit/testing';

const TODAY = '2025-06-01';

describe('daily status recomputation (每日重算), run for a date', () => {
  let registry: RegistryTestApp;
  let probe: TopicProbe;
  let turning16: string;
  let reachingSixMonths: string;
  const officer = actorHeaders('civil-affairs-officer', '371702');
  const admin = actorHeaders('civil-affairs-admin', '371702');
  const http = () => request(registry.httpUrl);
  const recompute = (asOf: string) =>
    http().post('/api/v1/admin/recompute').query({ asOf }).set(admin).expect(200);

  beforeAll(async () => {
    registry = await startRegistry({ name: 'status', today: TODAY });
    probe = await TopicProbe.open(
      registry.config.KAFKA_BROKERS,
      [RegistryEvents.migrantStatusChanged],
      registry.config.EVENT_TOPIC_SUFFIX,
    );
    // Born 2009-06-15: a migrant child until the 16th birthday, 2025-06-15.
    turning16 = (
      await http()
        .post('/api/v1/children')
        .set(officer)
        .send(registrationBody({ idNumber: makeIdNumber('371721', '2009-06-15', 211) }))
        .expect(201)
    ).body.childId;
    // Moved in 2025-02-10: six months complete on 2025-08-10 (以上 includes the day).
    reachingSixMonths = (
      await http()
        .post('/api/v1/children')
        .set(officer)
        .send(
          registrationBody({
            idNumber: makeIdNumber('371721', '2016-01-20', 213),
            residence: { divisionCode: '371702002', movedInOn: '2025-02-10', address: '西城街道某路' },
          }),
        )
        .expect(201)
    ).body.childId;
  });
  afterAll(async () => {
    await probe?.close();
    await registry?.close();
  });

  it('registers both with the date their status will change', async () => {
    const a = (await http().get(`/api/v1/children/${turning16}`).set(officer).expect(200)).body;
    expect(a.determination).toMatchObject({ isMigrant: true, nextChangeOn: '2025-06-15' });
    const b = (await http().get(`/api/v1/children/${reachingSixMonths}`).set(officer).expect(200)).body;
    expect(b.determination).toMatchObject({ isMigrant: false, nextChangeOn: '2025-08-10' });
    expect(b.determination.reasons).toContain('resident-under-6-months');
    // The registration of the migrant child is its entry into the population.
    await probe.waitFor(RegistryEvents.migrantStatusChanged, 1, (k) => k === turning16);
  });

  it('the day before the 16th birthday changes nothing and emits nothing', async () => {
    const report = (await recompute('2025-06-14')).body;
    expect(report).toMatchObject({ asOf: '2025-06-14', examined: 0, statusChanged: 0, failed: 0 });
  });

  it('on the 16th birthday takes the child out of the migrant population and emits MigrantStatusChanged', async () => {
    const report = (await recompute('2025-06-15')).body;
    expect(report).toMatchObject({ asOf: '2025-06-15', examined: 1, statusChanged: 1, failed: 0 });
    const events = await probe.waitFor(RegistryEvents.migrantStatusChanged, 2, (k) => k === turning16);
    expect(events[1].message).toMatchObject({ isMigrant: false, asOf: '2025-06-15', nextChangeOn: '' });
    expect(events[1].message.reasons).toContain('age-16-or-over');
    expect(events[1].message.facts).toMatchObject({ childId: turning16, isMigrant: false, version: '2' });
    const child = (await http().get(`/api/v1/children/${turning16}`).set(officer).expect(200)).body;
    expect(child.determination).toMatchObject({ isMigrant: false, asOf: '2025-06-15', nextChangeOn: null });
  });

  it('running it again for the same date finds nothing and emits nothing new (idempotent)', async () => {
    const report = (await recompute('2025-06-15')).body;
    expect(report).toMatchObject({ examined: 0, statusChanged: 0 });
    expect(
      await probe.settle(RegistryEvents.migrantStatusChanged, (k) => k === turning16, 2_000),
    ).toHaveLength(2);
  });

  it('the day six months are complete brings the other child in', async () => {
    expect((await recompute('2025-08-09')).body).toMatchObject({ statusChanged: 0 });
    expect((await recompute('2025-08-10')).body).toMatchObject({ examined: 1, statusChanged: 1 });
    const [event] = await probe.waitFor(
      RegistryEvents.migrantStatusChanged,
      1,
      (k) => k === reachingSixMonths,
    );
    expect(event.message).toMatchObject({ isMigrant: true, asOf: '2025-08-10' });
  });

  it('is for the civil-affairs administrator only, and refuses a malformed date naming the field', async () => {
    const refused = await http()
      .post('/api/v1/admin/recompute')
      .query({ asOf: '2025-06-15' })
      .set(officer)
      .expect(403);
    expect(refused.body.code).toBe('permission-denied');
    const bad = await http()
      .post('/api/v1/admin/recompute')
      .query({ asOf: '2025-02-30' })
      .set(admin)
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'invalid-argument', field: 'asOf' });
  });
});
