// How fast services-catalog applies a published list to a county: the paged, chunked bulk
// recomputation (EntitlementEngine.recomputeMany) on the real database, beside the pure engine
// on the same children in the same run.
//
//   npx tsx bench/catalogue/recompute.ts [--children 5000] [--chunk 500]
//
// The app is built first (tools/build.js, SWC with decorator metadata, which Nest's injection
// needs and tsx's esbuild does not emit) and loaded from dist/, as bench/registry/import.ts does.
// Children are inserted straight into child_entitlements (facts only), then: pass 1 grants
// everything (every child changes, ~8 outbox events each), pass 2 with nothing changed (reads
// only), pass 3 after a county list adds one item for everyone (one event per child).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { computeEntitlements, hezeBasicList, type ChildFacts } from '@care/catalogue';
import mongoose from 'mongoose';
import { benchLine } from '../bench-line';

const root = path.resolve(__dirname, '../..');

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const CHILDREN = flag('children', 5000);
const CHUNK = flag('chunk', 500);
const STAGES: ChildFacts['educationStage'][] = [
  'none',
  'preschool',
  'primary',
  'junior-secondary',
  'secondary-vocational',
];

function facts(i: number): ChildFacts {
  const year = 2010 + (i % 15);
  return {
    birthDate: `${year}-${String((i % 12) + 1).padStart(2, '0')}-15`,
    educationStage: STAGES[i % STAGES.length],
    inSchoolLocally: i % 2 === 0,
    disabled: i % 37 === 0,
    orphan: i % 101 === 0,
    scatteredOrphan: false,
    deFactoUnsupported: i % 53 === 0,
    keyHardship: false,
    seriouslyIll: false,
    aidsAffected: false,
    minimumLiving: i % 11 === 0,
    destitute: false,
    temporaryAssistance: false,
    housingDifficulty: i % 13 === 0,
    severeMentalDisorderAtHome: false,
    isMigrant: true,
    movedOut: false,
    difficultyTypes: [],
  };
}

const timings = new Map<string, number>();

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${((CHILDREN / ms) * 1000).toFixed(0).padStart(8)} children/s`,
  );
  timings.set(label, ms);
  return result;
}

async function main(): Promise<void> {
  const id = `${Date.now().toString(36)}`;
  const dbName = `sc_bench_${id}`;
  const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
  const list = hezeBasicList();
  const all = Array.from({ length: CHILDREN }, (_, i) => facts(i));
  await timed('pure computeEntitlements', () =>
    all.forEach((f) => computeEntitlements(f, list, '2025-06-01')),
  );

  execFileSync('node', [path.join(root, 'tools/build.js'), 'apps/services-catalog'], { stdio: 'ignore' });
  const load = createRequire(__filename);
  const dist = (p: string) => load(path.join(root, 'dist/apps/services-catalog/src', p));
  const { NestFactory } = load('@nestjs/core');
  const { AppModule } = dist('app.module.js');
  const { SettableClock } = load(path.join(root, 'dist/libs/service-kit/src/index.js'));
  const { loadServicesCatalogConfig } = dist('config.js');
  const { EntitlementEngine } = dist('entitlements/entitlement-engine.js');
  const { ServiceListsService } = dist('service-lists/service-lists.service.js');

  const config = loadServicesCatalogConfig({
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_DATABASE: dbName,
    EVENT_TOPIC_SUFFIX: `bench${id}`,
    HTTP_PORT: '0',
    RECOMPUTE_CHUNK_SIZE: String(CHUNK),
    RECOMPUTE_SWEEP_MS: '86400000',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.create(
    AppModule.forRoot(config, { clock: new SettableClock('2025-06-01') }),
    { logger: process.env.BENCH_VERBOSE ? ['error', 'warn', 'log', 'debug'] : ['error'] },
  );
  await app.init();
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const now = new Date();
    const docs = all.map((f, i) => ({
      _id: `bench-${String(i).padStart(7, '0')}`,
      countyCode: '371702',
      factsVersion: 1,
      facts: f,
      list: null,
      items: [],
      openDepartments: [],
      openCount: 0,
      recomputeOn: null,
      rev: 1,
      createdAt: now,
      updatedAt: now,
      outbox: [],
      outboxPending: false,
    }));
    for (let i = 0; i < docs.length; i += 1000)
      await connection.collection('child_entitlements').insertMany(docs.slice(i, i + 1000) as never[]);
    const engine = app.get(EntitlementEngine);
    // Each phase starts once the relay has published the previous one's events: a recompute racing
    // the relay's acknowledgement of the same documents is refused by FerretDB's lost-update guard
    // (ADR 0004) and, in EntitlementEngine.recomputeMany, fails the whole run (reported in issue 12).
    const drained = async () => {
      const until = Date.now() + 120_000;
      while (
        (await connection.collection('child_entitlements').countDocuments({ outboxPending: true })) > 0
      ) {
        if (Date.now() > until) throw new Error('the outbox did not drain in 120 s');
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const first = await timed('recompute county: first grants', () =>
      engine.recomputeMany({ kind: 'county', countyCode: '371702' }, 'list-changed'),
    );
    console.log(`  ${first.changed} children changed, ${first.events} events`);
    await drained();
    await timed('recompute county: nothing changed', () =>
      engine.recomputeMany({ kind: 'county', countyCode: '371702' }, 'list-changed'),
    );
    await drained();
    const lists = app.get(ServiceListsService);
    await lists.createDraft('371702');
    await lists.addItem('371702', 1, {
      area: '发展保障',
      targetGroup: '流动儿童',
      name: '暑期托管服务',
      content: '暑假期间免费托管',
      departments: ['education-sports'],
      eligibility: { op: 'everyone' },
    });
    await lists.publish('371702', 1, '2025-06-01');
    const third = await timed('recompute county: one item added', () =>
      engine.recomputeMany({ kind: 'county', countyCode: '371702' }, 'list-changed'),
    );
    console.log(`  ${third.changed} children changed, ${third.events} events`);
    const rateOf = (label: string) => (CHILDREN * 1000) / (timings.get(label) ?? Number.NaN);
    benchLine({
      workload: `catalogue recompute, county of ${CHILDREN.toLocaleString('en-US')} children, first grants`,
      ours: rateOf('recompute county: first grants'),
      baseline: rateOf('pure computeEntitlements'),
      unit: 'children/s',
      baselineName: 'pure computeEntitlements',
      extra: { 'nothing changed': `${Math.round(rateOf('recompute county: nothing changed'))} children/s` },
    });
  } finally {
    await connection.dropDatabase();
    await connection.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
