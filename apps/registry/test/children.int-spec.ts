import request from 'supertest';
import { RegistryEvents } from '@care/contracts';
import { makeIdNumber } from '@care/identity';
import { actorHeaders, startRegistry, type RegistryTestApp } from './app-factory';
import { CLEAR_VALUES, registrationBody } from './fixtures';
import { TopicProbe } from '@care/service-kit/testing';
import { KeyCareService } from '../src/key-care/key-care.service';

const TODAY = '2025-06-01';

describe('registry children (REST, real FerretDB/MongoDB and Kafka)', () => {
  let registry: RegistryTestApp;
  let probe: TopicProbe;
  const officer = actorHeaders('civil-affairs-officer', '371702,371721');
  const ours = new Set<string>();
  const mine = (key: string) => ours.has(key);

  beforeAll(async () => {
    registry = await startRegistry({ name: 'children', today: TODAY });
    probe = await TopicProbe.open(
      registry.config.KAFKA_BROKERS,
      Object.values(RegistryEvents),
      registry.config.EVENT_TOPIC_SUFFIX,
    );
  });
  afterAll(async () => {
    await probe?.close();
    await registry?.close();
  });

  const http = () => request(registry.httpUrl);

  it('registers a child: masked response, ChildRegistered and MigrantStatusChanged on the broker, no personal data in the events', async () => {
    const res = await http().post('/api/v1/children').set(officer).send(registrationBody()).expect(201);
    const child = res.body;
    ours.add(child.childId);
    expect(child).toMatchObject({
      countyCode: '371702',
      townshipCode: '371702001',
      missingIdNumber: false,
      version: 1,
      masked: true,
      birthDate: '2015-03-10',
      sex: 'male',
    });
    expect(child.name).toBe('张**');
    expect(child.idNumber).toMatch(/^371721\*{8}\d{3}[\dX]$/);
    expect(child.guardians[0].phone).toBe('138****5678');
    expect(child.determination).toMatchObject({ isMigrant: true, asOf: TODAY, nextChangeOn: '2031-03-10' });

    const [registered] = await probe.waitFor(RegistryEvents.childRegistered, 1, mine);
    expect(registered.producer).toBe('registry');
    expect(registered.message.hasIdNumber).toBe(true);
    expect(registered.message.facts).toMatchObject({
      childId: child.childId,
      version: '1',
      residenceCountyCode: '371702',
      hukouCountyCode: '371721',
      isMigrant: true,
      birthDate: '2015-03-10',
    });
    const [status] = await probe.waitFor(RegistryEvents.migrantStatusChanged, 1, mine);
    expect(status.message).toMatchObject({ isMigrant: true, asOf: TODAY, nextChangeOn: '2031-03-10' });
    expect(status.message.reasons).toEqual(
      expect.arrayContaining(['under-16', 'cross-county', 'resident-6-months', 'accompanied-by-guardian']),
    );

    const wire = JSON.stringify([registered.message, status.message]);
    for (const value of [...CLEAR_VALUES, registrationBody().idNumber as string])
      expect(wire).not.toContain(value);
  });

  it('updates facts with optimistic concurrency: ChildUpdated names the changed fields, no status event when the status stays', async () => {
    const created = (
      await http().post('/api/v1/children').set(officer).send(registrationBody({}, 125)).expect(201)
    ).body;
    ours.add(created.childId);
    await probe.waitFor(RegistryEvents.childRegistered, 1, (k) => k === created.childId);

    const updated = (
      await http()
        .patch(`/api/v1/children/${created.childId}`)
        .set(officer)
        .send({
          version: 1,
          circumstances: { disabled: true },
          difficultyTypes: ['family-hardship', 'disability'],
        })
        .expect(200)
    ).body;
    expect(updated.version).toBe(2);
    expect(updated.circumstances.disabled).toBe(true);
    const [event] = await probe.waitFor(RegistryEvents.childUpdated, 1, (k) => k === created.childId);
    expect(event.message.changedFields.sort()).toEqual(['circumstances', 'difficultyTypes']);
    expect(event.message.facts).toMatchObject({ version: '2', disabled: true, difficultyTypes: [1, 2] });

    // A second writer that read version 1 is refused, naming the version.
    const stale = await http()
      .patch(`/api/v1/children/${created.childId}`)
      .set(officer)
      .send({ version: 1, askedForHelp: true })
      .expect(400);
    expect(stale.body).toMatchObject({ code: 'invalid-argument', field: 'version' });

    const statusEvents = await probe.settle(
      RegistryEvents.migrantStatusChanged,
      (k) => k === created.childId,
      1000,
    );
    expect(statusEvents).toHaveLength(1); // only the registration's
  });

  it('records a move-out (迁出): ChildMovedOut with the date, the status turns, residence history keeps the period', async () => {
    const created = (
      await http().post('/api/v1/children').set(officer).send(registrationBody({}, 127)).expect(201)
    ).body;
    ours.add(created.childId);
    const moved = (
      await http()
        .post(`/api/v1/children/${created.childId}/move-out`)
        .set(officer)
        .send({ movedOutOn: TODAY, toDivisionCode: '370102' })
        .expect(200)
    ).body;
    expect(moved).toMatchObject({ movedOut: true, movedOutOn: TODAY, movedOutTo: '370102', version: 2 });
    expect(moved.residenceHistory).toEqual([
      { divisionCode: '371702001', movedInOn: '2024-09-01', movedOutOn: TODAY },
    ]);
    expect(moved.determination.isMigrant).toBe(false);
    expect(moved.determination.reasons).toContain('moved-out');

    const [out] = await probe.waitFor(RegistryEvents.childMovedOut, 1, (k) => k === created.childId);
    expect(out.message).toMatchObject({ movedOutOn: TODAY, toDivisionCode: '370102' });
    expect(out.message.facts).toMatchObject({ movedOut: true, isMigrant: false, version: '2' });
    const statuses = await probe.waitFor(
      RegistryEvents.migrantStatusChanged,
      2,
      (k) => k === created.childId,
    );
    expect(statuses.map((s) => s.message.isMigrant)).toEqual([true, false]);
  });

  it('the key-care ledger follows a move-out at once: the open entry closes, once, from the ChildMovedOut event', async () => {
    const created = (
      await http().post('/api/v1/children').set(officer).send(registrationBody({}, 141)).expect(201)
    ).body;
    ours.add(created.childId);
    const entry = (
      await http()
        .post('/api/v1/key-care/entries')
        .set(officer)
        .send({
          countyCode: '371702',
          childId: created.childId,
          difficultyTypes: ['family-hardship'],
          situationSummary: '随父亲租住，家庭经济困难',
          careActivities: [],
          visitWorkerId: 'director-3',
        })
        .expect(201)
    ).body;
    await http()
      .post(`/api/v1/children/${created.childId}/move-out`)
      .set(officer)
      .send({ movedOutOn: TODAY, toDivisionCode: '370102' })
      .expect(200);

    // No sweep is run: the ledger's own consumer of ChildMovedOut closes the entry.
    const [closed] = await probe.waitFor(RegistryEvents.keyCareEntryClosed, 1, (k) => k === created.childId);
    expect(closed.message).toMatchObject({ entryId: entry.entryId, reason: 'moved-out' });
    expect(
      await registry.db.collection('key_care_entries').findOne({ _id: entry.entryId as never }),
    ).toMatchObject({ status: 'closed', closedOn: TODAY, closeReason: 'moved-out' });

    // A redelivered event changes nothing, and an event for a child of another database neither.
    const keyCare = registry.app.get(KeyCareService);
    expect(await keyCare.followMoveOut('371702', created.childId)).toBe(false);
    expect(await keyCare.followMoveOut('371702', '01JNOSUCHCHILD000000000000')).toBe(false);
    const closings = await probe.settle(
      RegistryEvents.keyCareEntryClosed,
      (k) => k === created.childId,
      1500,
    );
    expect(closings).toHaveLength(1);
  });

  it('records a move-in to another county: the record follows the child and stays one record', async () => {
    const created = (
      await http().post('/api/v1/children').set(officer).send(registrationBody({}, 129)).expect(201)
    ).body;
    ours.add(created.childId);
    const moved = (
      await http()
        .post(`/api/v1/children/${created.childId}/move-in`)
        .set(officer)
        .send({ version: 1, divisionCode: '371721002', movedInOn: TODAY, address: '曹县磐石街道某路1号' })
        .expect(200)
    ).body;
    expect(moved).toMatchObject({ countyCode: '371721', townshipCode: '371721002', version: 2 });
    expect(moved.residenceHistory).toHaveLength(2);
    // Back in the hukou county: same-county, not a migrant child any more.
    expect(moved.determination.isMigrant).toBe(false);
    expect(moved.determination.reasons).toContain('same-county');
    const statuses = await probe.waitFor(
      RegistryEvents.migrantStatusChanged,
      2,
      (k) => k === created.childId,
    );
    expect(statuses[1].message.facts?.residenceCountyCode).toBe('371721');
  });

  it('holds a child without an ID number, flagged for follow-up, until the number is added', async () => {
    const body = registrationBody({
      idNumber: undefined,
      birthDate: '2018-05-05',
      sex: 'female',
      name: '李小花',
    });
    const created = (await http().post('/api/v1/children').set(officer).send(body).expect(201)).body;
    ours.add(created.childId);
    expect(created).toMatchObject({ missingIdNumber: true, idNumber: '' });
    const [registered] = await probe.waitFor(RegistryEvents.childRegistered, 1, (k) => k === created.childId);
    expect(registered.message.hasIdNumber).toBe(false);

    const list = (
      await http()
        .get('/api/v1/children/missing-id-number')
        .query({ countyCode: '371702' })
        .set(officer)
        .expect(200)
    ).body;
    expect(list.items.map((c: { childId: string }) => c.childId)).toContain(created.childId);

    // Without an ID number, birth date and sex are required.
    const refused = await http()
      .post('/api/v1/children')
      .set(officer)
      .send(registrationBody({ idNumber: undefined }))
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'invalid-argument', field: 'birthDate' });

    const idNumber = makeIdNumber('371721', '2018-05-05', 124);
    await http()
      .patch(`/api/v1/children/${created.childId}`)
      .set(officer)
      .send({ version: 1, idNumber })
      .expect(200);
    const after = (
      await http()
        .get('/api/v1/children/missing-id-number')
        .query({ countyCode: '371702' })
        .set(officer)
        .expect(200)
    ).body;
    expect(after.items.map((c: { childId: string }) => c.childId)).not.toContain(created.childId);
    const found = (await http().post('/api/v1/children/search').set(officer).send({ idNumber }).expect(200))
      .body;
    expect(found.childId).toBe(created.childId);
  });

  it('finds a child by ID number through the blind index; refuses a malformed number naming the field; one record per number', async () => {
    const body = registrationBody({}, 131);
    const created = (await http().post('/api/v1/children').set(officer).send(body).expect(201)).body;
    ours.add(created.childId);
    // Typed with full-width digits and a space: normalised before the blind index.
    const typed = ` ${(body.idNumber as string).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))}`;
    const found = (
      await http().post('/api/v1/children/search').set(officer).send({ idNumber: typed }).expect(200)
    ).body;
    expect(found.childId).toBe(created.childId);

    const bad = await http()
      .post('/api/v1/children/search')
      .set(officer)
      .send({ idNumber: '371721201503101230' })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'invalid-argument', field: 'idNumber' });
    expect(bad.body.message).toContain('校验码');

    const again = await http().post('/api/v1/children').set(officer).send(body).expect(409);
    expect(again.body).toMatchObject({ code: 'already-exists', field: 'idNumber' });
  });

  it('reveals a field only with a purpose and an allowed role, and audits the read', async () => {
    const created = (
      await http().post('/api/v1/children').set(officer).send(registrationBody({}, 133)).expect(201)
    ).body;
    ours.add(created.childId);
    const full = (
      await http()
        .get(`/api/v1/children/${created.childId}`)
        .query({ reveal: 'name,guardianPhone', purpose: '入户走访核实' })
        .set(officer)
        .expect(200)
    ).body;
    expect(full).toMatchObject({ name: '张小明', revealed: ['name', 'guardianPhone'], masked: true });
    expect(full.guardians[0].phone).toBe('13812345678');

    await http()
      .get(`/api/v1/children/${created.childId}`)
      .query({ reveal: 'name' })
      .set(officer)
      .expect(400);
    const director = actorHeaders('child-director', '371702');
    const refused = await http()
      .get(`/api/v1/children/${created.childId}`)
      .query({ reveal: 'idNumber', purpose: '核实身份' })
      .set(director)
      .expect(403);
    expect(refused.body.code).toBe('permission-denied');
    // Another county's officer does not see the record at all.
    await http()
      .get(`/api/v1/children/${created.childId}`)
      .set(actorHeaders('civil-affairs-officer', '371728'))
      .expect(404);

    const audit = await registry.db.collection('audit_trail').find({ recordId: created.childId }).toArray();
    expect(audit.map((e) => `${e.action}:${e.field}`).sort()).toEqual([
      'reveal-denied:idNumber',
      'reveal:guardianPhone',
      'reveal:name',
    ]);
  });

  it('lists a county by township with keyset paging, and the stale records (over six months unverified)', async () => {
    const old = (
      await http()
        .post('/api/v1/children')
        .set(officer)
        .send(registrationBody({ verifiedOn: '2024-11-30' }, 135))
        .expect(201)
    ).body;
    const fresh = (
      await http()
        .post('/api/v1/children')
        .set(officer)
        .send(registrationBody({ verifiedOn: '2024-12-01' }, 137))
        .expect(201)
    ).body;
    ours.add(old.childId);
    ours.add(fresh.childId);
    // 2024-12-01 + 6 months = 2025-06-01 (today): still current; 2024-11-30 is over six months.
    const stale = (
      await http().get('/api/v1/children/stale').query({ countyCode: '371702' }).set(officer).expect(200)
    ).body;
    const staleIds = stale.items.map((c: { childId: string }) => c.childId);
    expect(staleIds).toContain(old.childId);
    expect(staleIds).not.toContain(fresh.childId);

    await http().post(`/api/v1/children/${old.childId}/verify`).set(officer).send({}).expect(200);
    const after = (
      await http().get('/api/v1/children/stale').query({ countyCode: '371702' }).set(officer).expect(200)
    ).body;
    expect(after.items.map((c: { childId: string }) => c.childId)).not.toContain(old.childId);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await http()
          .get('/api/v1/children')
          .query({
            countyCode: '371702',
            townshipCode: '371702001',
            pageSize: 2,
            ...(cursor ? { cursor } : {}),
          })
          .set(officer)
          .expect(200)
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c: { childId: string }) => c.childId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([old.childId, fresh.childId]));
    expect(seen).toEqual([...seen].sort());

    await http().get('/api/v1/children').query({ countyCode: '371728' }).set(officer).expect(403);
  });

  it('stores no ID number, name, phone or address in clear (raw documents, plain driver)', async () => {
    const docs = await registry.db.collection('children').find({}).toArray();
    expect(docs.length).toBeGreaterThan(5);
    const text = JSON.stringify(docs);
    for (const value of CLEAR_VALUES) expect(text).not.toContain(value);
    for (const seq of [123, 125, 127, 129, 131, 133, 135, 137])
      expect(text).not.toContain(makeIdNumber('371721', '2015-03-10', seq));
    expect(text).not.toMatch(/37172120\d{10}/); // no 18-digit ID number of these children, whatever the sequence
    for (const doc of docs) {
      expect(doc.personal.name).toMatch(/^sm4:\d+:/);
      expect(doc.guardians[0].phone).toMatch(/^sm4:\d+:/);
      expect(doc.idNumberIndex).toMatch(doc.missingIdNumber ? /^none:/ : /^bi\d+:/);
    }
  });
});
