// The filtering projection against the real registry: a child registered over HTTP (name, ID
// number, guardians, addresses, school) reaches monitoring's KPIs, and nothing monitoring stores
// carries a personal value or any field beyond the projection's codes, days, flags and counts.
import { httpJson, waitFor } from '@care/service-kit/testing';
import { actorHeaders, startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { CLEAR_VALUES, registrationBody } from '../../../apps/registry/test/fixtures';
import type { KpiResponse } from '../../../apps/monitoring/src/kpis/kpis.service';
import {
  countyOfficer,
  startMonitoring,
  type MonitoringTestApp,
} from '../../../apps/monitoring/test/monitoring-fixtures';

/** The only fields each monitoring collection may hold (projection.ts, projection.schema.ts). */
const ALLOWED: Record<string, readonly string[]> = {
  monitoring_children: [
    '_id',
    'rev',
    'childId',
    'version',
    'countyCode',
    'townshipCode',
    'ageBand',
    'hukouProvince',
    'difficultyCodes',
    'migrant',
    'movedOut',
    'registeredOn',
    'lastVerifiedOn',
  ],
  monitoring_key_care: [
    '_id',
    'rev',
    'entryId',
    'childId',
    'countyCode',
    'townshipCode',
    'difficultyCodes',
    'open',
    'at',
  ],
  monitoring_visits: [
    '_id',
    'rev',
    'visitId',
    'entryId',
    'childId',
    'countyCode',
    'townshipCode',
    'dueOn',
    'visitedOn',
  ],
  monitoring_daily: ['_id', 'area', 'day', 'figures', 'updatedAt'],
};

describe('monitoring consumes the real registry and stores no personal field (real Kafka, database)', () => {
  let registry: RegistryTestApp;
  let monitoring: MonitoringTestApp;

  beforeAll(async () => {
    registry = await startRegistry({ name: 'monitoring-filter', today: '2026-09-20' });
    monitoring = await startMonitoring({
      name: 'filter',
      today: '2026-09-20',
      topicSuffix: registry.topicSuffix,
    });
  }, 180_000);

  afterAll(async () => {
    await monitoring?.close();
    await registry?.close();
  });

  it('counts the registered child by county, township, age band, hukou province and difficulty, and keeps only codes', async () => {
    const body = registrationBody({}, 311);
    const created = await httpJson<{ childId: string }>(
      registry.httpUrl,
      'POST',
      '/api/v1/children',
      body,
      actorHeaders(),
    );
    expect(created.status).toBe(201);
    const kpis = await waitFor(
      'the child in monitoring',
      async () => {
        const r = await httpJson<KpiResponse>(
          monitoring.httpUrl,
          'GET',
          '/api/v1/kpis?area=371702',
          undefined,
          countyOfficer('371702'),
        );
        return r.status === 200 && r.body.summary.migrantChildren === 1 ? r.body : undefined;
      },
      60_000,
    );
    expect(kpis.summary.byHukouProvince).toEqual([{ code: '370000', label: '山东省', count: 1 }]);
    expect(kpis.summary.byDifficultyType).toEqual([
      { code: 'family-hardship', label: '家庭生活困难', count: 1 },
    ]);
    expect(kpis.summary.byAgeBand.find((b) => b.count === 1)?.code).toBe('6-11');
    expect(kpis.subAreas.find((t) => t.code === '371702001')?.figures.migrantChildren).toBe(1);

    // Everything stored, field by field: only the allow-listed fields, and no personal value anywhere.
    const stored = JSON.stringify(
      await Promise.all(
        Object.keys(ALLOWED).map(async (name) => {
          const docs = await monitoring.db.collection(name).find({}).toArray();
          for (const doc of docs)
            expect(Object.keys(doc).filter((k) => !ALLOWED[name].includes(k))).toEqual([]);
          return docs;
        }),
      ),
    );
    const child = await monitoring.db
      .collection('monitoring_children')
      .findOne({ _id: created.body.childId as never });
    expect(child).toMatchObject({
      countyCode: '371702',
      townshipCode: '371702001',
      ageBand: '6-11',
      hukouProvince: '370000',
    });
    for (const value of [...CLEAR_VALUES, body.idNumber as string, '2015-03-10', '东城第一小学', '四年级'])
      expect(stored).not.toContain(value);
    const collections = (await monitoring.db.listCollections().toArray()).map((c) => c.name);
    for (const name of collections) {
      const all = JSON.stringify(await monitoring.db.collection(name).find({}).toArray());
      for (const value of [...CLEAR_VALUES, body.idNumber as string, '2015-03-10'])
        expect(all).not.toContain(value);
    }
  }, 120_000);
});
