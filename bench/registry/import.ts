/**
 * Attachment 1 import throughput beside the database's raw insert rate, measured in one run.
 *
 *   npx tsx bench/registry/import.ts --rows 20000 [--bad-every 33] [--county 371702] [--chunk 500]
 *
 * 1. builds a workbook of N rows from @care/synthetic (toLedgerRow), every k-th row spoiled;
 * 2. starts the BUILT registry (tools/build.js: tsx/esbuild emits no decorator metadata, which
 *    Nest's injection needs) on a scratch database, and uploads the file over HTTP;
 * 3. times upload -> job succeeded (rows stored) and upload -> every event of the import
 *    acknowledged by Kafka (the outboxes of children and key-care entries drained);
 * 4. inserts the same sealed documents (read back, with their registration outbox entries
 *    rebuilt) into a scratch collection with the same indexes, insertMany in chunks of the
 *    import's chunk size: the database's raw insert rate for these documents;
 * 5. prints both, drops the scratch database.
 * Needs KAFKA_BROKERS and MONGODB_URI (defaults: the local infrastructure).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { mongo } from 'mongoose';
import { ledgerFixture } from '../../apps/registry/test/ledger-workbook';
import { benchLine } from '../bench-line';

const root = path.resolve(__dirname, '../..');

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const ROWS = Number(arg('rows', '20000'));
const BAD_EVERY = Number(arg('bad-every', '33'));
const COUNTY = arg('county', '371702');
const CHUNK = Number(arg('chunk', '1000'));
const TODAY = '2025-06-01';

const rate = (n: number, ms: number) =>
  `${Math.round((n * 1000) / Math.max(ms, 1)).toLocaleString('en-US')}/s`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function main(): Promise<void> {
  process.env.TZ = 'Asia/Shanghai';
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
  const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';
  console.log(`[bench] building apps/registry (SWC) ...`);
  execFileSync('node', [path.join(root, 'tools/build.js'), 'apps/registry'], { stdio: 'ignore' });
  // The built app, loaded at run time (plain CommonJS with decorator metadata).
  const load = createRequire(__filename);
  const dist = (p: string) => load(path.join(root, 'dist/apps/registry/src', p));
  const { NestFactory } = load('@nestjs/core');
  const { startHybridApp } = load(path.join(root, 'dist/libs/grpc/src/index.js'));
  const { AppModule } = dist('app.module.js');
  const { SettableClock } = load(path.join(root, 'dist/libs/service-kit/src/index.js'));
  const { loadRegistryConfig } = dist('config.js');
  const { eventsFor } = dist('children/child-aggregate.js');

  console.log(`[bench] generating ${ROWS} Attachment 1 rows (every ${BAD_EVERY}th spoiled) ...`);
  let t = Date.now();
  const fixture = await ledgerFixture({ countyCode: COUNTY, count: ROWS, badEvery: BAD_EVERY, asOf: TODAY });
  console.log(
    `[bench] workbook: ${(fixture.buffer.length / 1e6).toFixed(1)} MB, ${fixture.badRows.size} bad rows, ${fixture.goodWithTypes} key-care rows (${secs(Date.now() - t)})`,
  );

  const dbName = `registry_bench_${Date.now().toString(36)}`;
  const config = loadRegistryConfig({
    ...process.env,
    NODE_ENV: 'test',
    KAFKA_BROKERS: brokers,
    MONGODB_URI: mongoUri,
    MONGODB_DATABASE: dbName,
    HTTP_PORT: '0',
    GRPC_BIND_ADDRESS: `127.0.0.1:${40000 + Math.floor(Math.random() * 20000)}`,
    KAFKA_CLIENT_ID: `registry-bench-${process.pid}`,
    // Topics of its own: the broker is shared with test runs and the demo platform.
    EVENT_TOPIC_SUFFIX: `bench-${Date.now().toString(36)}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    OTEL_TRACES_EXPORTER: 'none',
    RECOMPUTE_SCHEDULE_ENABLED: 'false',
    OUTBOX_POLL_MS: '100',
    IMPORT_CHUNK_SIZE: String(CHUNK),
  });
  const app = await NestFactory.create(AppModule.forRoot(config, { clock: new SettableClock(TODAY) }), {
    logger: process.env.BENCH_VERBOSE ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'],
  });
  const started = await startHybridApp(app, {
    grpc: { packages: ['registry'], url: config.GRPC_BIND_ADDRESS },
    httpPort: 0,
    httpHost: '127.0.0.1',
  });
  const client = await mongo.MongoClient.connect(mongoUri, { directConnection: true, retryWrites: false });
  const db = client.db(dbName);
  const headers = {
    'x-user-id': 'bench',
    'x-role': 'civil-affairs-admin',
    'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
    'x-county-codes': COUNTY,
  };
  try {
    // Upload -> stored.
    t = Date.now();
    const form = new FormData();
    form.append('countyCode', COUNTY);
    form.append('file', new Blob([fixture.buffer]), 'ledger.xlsx');
    const accepted = await fetch(`${started.httpUrl}/api/v1/imports`, {
      method: 'POST',
      body: form,
      headers,
    });
    if (accepted.status !== 202)
      throw new Error(`upload refused: ${accepted.status} ${await accepted.text()}`);
    const { jobId } = (await accepted.json()) as { jobId: string };
    const job = await waitFor(
      'the import job',
      async () => {
        const res = await fetch(`${started.httpUrl}/api/v1/imports/${jobId}`, { headers });
        const body = (await res.json()) as {
          status: string;
          stored: number;
          failed: number;
          processed: number;
          total: number | null;
        };
        return body.status === 'running' || body.status === 'queued' ? undefined : body;
      },
      60 * 60_000,
      250,
    );
    const storedMs = Date.now() - t;
    if ((job as { status: string }).status !== 'succeeded')
      throw new Error(`import ended ${JSON.stringify(job)}`);
    // -> published: every outbox entry of the import acknowledged by Kafka.
    await waitFor(
      'the outboxes to drain',
      async () => {
        // Embedded outboxes (changed children, key-care entries) and the import's outbox batches
        // (new children's registration events, ADR 0009), open or sealed.
        const pending =
          (await db.collection('children').countDocuments({ outboxPending: true })) +
          (await db.collection('key_care_entries').countDocuments({ outboxPending: true })) +
          (await db.collection('import_outbox_batches').countDocuments({}));
        return pending === 0 ? true : undefined;
      },
      60 * 60_000,
      250,
    );
    const publishedMs = Date.now() - t;

    // The database's raw insert rate for the same sealed documents.
    const stored = await db.collection('children').find({}).toArray();
    const now = new Date(`${TODAY}T12:00:00+08:00`);
    const documents = stored.map((doc) => {
      const outbox = eventsFor({ kind: 'registered' }, doc, undefined, now);
      return { ...doc, outbox, outboxPending: outbox.length > 0 };
    });
    const scratch = db.collection('bench_raw_children');
    for (const index of await db.collection('children').indexes()) {
      if (index.name === '_id_') continue;
      await scratch.createIndex(index.key, { unique: index.unique ?? false, name: index.name });
    }
    t = Date.now();
    for (let i = 0; i < documents.length; i += CHUNK)
      await scratch.insertMany(documents.slice(i, i + CHUNK), { ordered: false });
    const rawMs = Date.now() - t;
    // What one keyed single-document write costs at this collection size (the outbox relay's
    // acknowledgement and every import update are such writes).
    const sample = documents
      .filter((_, i) => i % Math.max(1, Math.floor(documents.length / 200)) === 0)
      .slice(0, 200);
    t = Date.now();
    for (const doc of sample)
      await scratch.updateOne({ _id: doc._id }, { $set: { outbox: [], outboxPending: false } });
    const keyedMs = Date.now() - t;
    const bytes = documents.reduce((n, d) => n + mongo.BSON.calculateObjectSize(d), 0);

    const storedRows = (job as { stored: number }).stored;
    console.log('');
    console.log(
      `Attachment 1 import, ${ROWS} rows (${fixture.badRows.size} bad, ${fixture.goodWithTypes} with a key-care entry), county ${COUNTY}, chunks of ${CHUNK}`,
    );
    console.log(`  database: ${mongoUri.replace(/\/\/[^@]*@/, '//')} (${dbName})   kafka: ${brokers}`);
    console.log(
      `  import, workbook -> stored:               ${secs(storedMs)}  ${rate(ROWS, storedMs)} rows   (${storedRows} children stored, ${(job as { failed: number }).failed} refused)`,
    );
    console.log(
      `  import, workbook -> stored and published: ${secs(publishedMs)}  ${rate(ROWS, publishedMs)} rows`,
    );
    console.log(
      `  raw insertMany of the same ${documents.length} sealed documents (${(bytes / documents.length / 1024).toFixed(1)} KB each, same indexes): ${secs(rawMs)}  ${rate(documents.length, rawMs)} docs`,
    );
    console.log(
      `  single-document updateOne by _id on that ${documents.length}-document collection: ${(keyedMs / sample.length).toFixed(1)} ms each, ${rate(sample.length, keyedMs)}`,
    );
    console.log(
      `  import / raw insert: ${((ROWS / publishedMs / (documents.length / rawMs)) * 100).toFixed(0)}% of the raw insert rate (stored and published)`,
    );
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`  peak RSS of this process (workbook, registry and baseline): ${peakRssMb.toFixed(0)} MB`);
    benchLine({
      workload: `registry import, ${ROWS.toLocaleString('en-US')} Attachment 1 rows → stored + published`,
      ours: (ROWS * 1000) / publishedMs,
      baseline: (documents.length * 1000) / rawMs,
      unit: 'rows/s',
      baselineName: 'raw insertMany, same sealed docs',
      target: '≥ 0.5×',
      extra: {
        'stored only': `${Math.round((ROWS * 1000) / storedMs)} rows/s`,
        'peak RSS': `${peakRssMb.toFixed(0)} MB`,
        refused: (job as { failed: number }).failed,
      },
    });
  } finally {
    await app.close();
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
