/**
 * Write in the registry → visible in monitoring's API, beside Kafka's own end-to-end latency tool
 * on the same broker in the same run.
 *
 *   npx tsx bench/monitoring/latency.ts [--seconds 5] [--rates 200,1000] [--e2e-messages 2000] [--in-flight 128]
 *
 * 1. builds and starts the real registry and monitoring (tools/build.js: tsx emits no decorator
 *    metadata) on topics and databases of their own (EVENT_TOPIC_SUFFIX), sharing the topics;
 * 2. listens to monitoring's live stream (GET /api/v1/stream, SSE) for the county's children counter;
 * 3. at each rate, registers children over HTTP (POST /api/v1/children) open-loop on a fixed
 *    schedule for --seconds; the k-th registration sent is visible when the counter first reaches
 *    base + k (the counter cannot say WHICH child arrived, so this pairs the k-th sent with the k-th
 *    counted: exact in order, and partitions running in parallel only reorder within the tail);
 * 4. runs org.apache.kafka.tools.EndToEndLatency (the Kafka jars in .cache, as infra/kafka.sh) on the
 *    same broker: produce one record (acks=all) and consume it, one at a time;
 * 5. prints p50/p99 of each, and the registry's own HTTP answer time, as one table.
 * Needs KAFKA_BROKERS and MONGODB_URI (defaults: the local infrastructure).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays } from '@care/child-rules';
import { makeIdNumber } from '@care/identity';
import { registrationBody } from '../../apps/registry/test/fixtures';
import { benchLine } from '../bench-line';

const ROOT = path.resolve(__dirname, '../..');
const KAFKA_LIBS = path.join(ROOT, '.cache/kafka/libs/*');

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const SECONDS = Number(arg('seconds', '5'));
const RATES = arg('rates', '200,1000').split(',').map(Number);
const E2E_MESSAGES = Number(arg('e2e-messages', '2000'));
const COUNTY = '371702';
/** Open requests at most (the registry's listen backlog resets connections far beyond it). */
const MAX_IN_FLIGHT = Number(arg('in-flight', '128'));
const TODAY = '2026-09-20';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Row {
  readonly what: string;
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly note: string;
}

function row(what: string, values: number[], note: string): Row {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    what,
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    note,
  };
}

function kafkaEndToEnd(brokers: string, topic: string, messages: number): Promise<Row> {
  return new Promise((resolve, reject) =>
    execFile(
      'java',
      [
        '-Xms256m',
        '-Xmx512m',
        '-cp',
        KAFKA_LIBS,
        'org.apache.kafka.tools.EndToEndLatency',
        brokers,
        topic,
        String(messages),
        'all',
        '300',
      ],
      { maxBuffer: 16 << 20, timeout: 5 * 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`EndToEndLatency failed: ${error.message}\n${stderr}`));
        const p = (name: string) => Number(new RegExp(`${name}\\s*=\\s*([0-9.]+)`).exec(stdout)?.[1]);
        const max = Number(/Avg latency: ([0-9.]+)/.exec(stdout)?.[1]);
        resolve({
          what: 'Kafka EndToEndLatency (produce acks=all → consume)',
          n: messages,
          p50: p('50th'),
          p99: p('99th'),
          max: Number.NaN,
          note: `one record at a time, 300 B; avg ${max} ms`,
        });
      },
    ),
  );
}

async function main(): Promise<void> {
  process.env.TZ = 'Asia/Shanghai';
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
  console.log('[bench] building apps/registry and apps/monitoring (SWC) ...');
  for (const app of ['apps/registry', 'apps/monitoring'])
    execFileSync('node', [path.join(ROOT, 'tools/build.js'), app], { stdio: 'ignore' });
  const load = createRequire(__filename);
  const dist = (p: string) => load(path.join(ROOT, 'dist', p));
  const testing = dist('libs/service-kit/src/testing/index.js');
  const { KafkaEventBroker, silentLogger } = dist('libs/events/src/index.js');
  const registry = await testing.startTestService({
    name: 'registry-bench',
    load: dist('apps/registry/src/config.js').loadRegistryConfig,
    module: (config: unknown, clock: unknown) =>
      dist('apps/registry/src/app.module.js').AppModule.forRoot(config, { clock }),
    grpcPackages: ['registry'],
    today: TODAY,
    env: { RECOMPUTE_SCHEDULE_ENABLED: 'false', OUTBOX_POLL_MS: '20', LOG_LEVEL: 'error' },
  });
  const monitoring = await testing.startTestService({
    name: 'monitoring-bench',
    load: dist('apps/monitoring/src/config.js').loadMonitoringConfig,
    module: (config: unknown, clock: unknown) =>
      dist('apps/monitoring/src/app.module.js').AppModule.forRoot(config, { clock }),
    grpcPackages: [],
    today: TODAY,
    topicSuffix: registry.topicSuffix,
    env: { ALERT_SCAN_INTERVAL_MS: '3600000', LOG_LEVEL: 'error' },
  });
  const e2eTopic = `bench-e2e-${Date.now().toString(36)}`;
  const rows: Row[] = [];
  const headers = {
    'x-user-id': 'bench',
    'x-role': 'civil-affairs-officer',
    'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
    'x-county-codes': COUNTY,
  };
  const controller = new AbortController();
  try {
    // The live stream: the first moment the county's children counter reaches each value.
    const seenAt = new Map<number, number>();
    let counter = 0;
    const stream = await fetch(`${monitoring.httpUrl}/api/v1/stream?area=${COUNTY}`, {
      headers,
      signal: controller.signal,
    });
    if (stream.status !== 200) throw new Error(`stream answered ${stream.status}`);
    void (async () => {
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        const now = performance.now();
        buffer += Buffer.from(value as Uint8Array).toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data:'));
          if (!block.includes('event: kpi') || data === undefined) continue;
          const parsed = JSON.parse(data.slice(5)) as {
            changes: { area: string; metric: string; dim: string; value: number }[];
          };
          for (const c of parsed.changes) {
            if (c.area !== COUNTY || c.metric !== 'children' || c.dim !== '') continue;
            for (let v = counter + 1; v <= c.value; v++) if (!seenAt.has(v)) seenAt.set(v, now);
            counter = Math.max(counter, c.value);
          }
        }
      }
    })();

    let seq = 0;
    const register = async (): Promise<number> => {
      const i = seq++;
      const body = registrationBody(
        { idNumber: makeIdNumber('371721', addDays('2011-01-01', i % 3000), 100 + Math.floor(i / 3000)) },
        100,
      );
      const started = performance.now();
      const r = await fetch(`${registry.httpUrl}/api/v1/children`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (r.status !== 201) throw new Error(`registration ${i} answered ${r.status}: ${await r.text()}`);
      return performance.now() - started;
    };
    const waitCounter = async (value: number, timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      while (counter < value) {
        if (Date.now() > until) throw new Error(`monitoring shows ${counter}, waited for ${value}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    console.log('[bench] warm-up: 100 registrations ...');
    await Promise.all(Array.from({ length: 100 }, () => register()));
    await waitCounter(100, 60_000);

    console.log('[bench] Kafka EndToEndLatency (before) ...');
    const broker = new KafkaEventBroker({
      clientId: 'bench-e2e',
      brokers: brokers.split(','),
      logger: silentLogger,
    });
    await broker.ensureTopics([{ topic: e2eTopic, partitions: 1 }]);
    await broker.close();
    rows.push(await kafkaEndToEnd(brokers, e2eTopic, E2E_MESSAGES));

    for (const ratePerSecond of RATES) {
      const n = ratePerSecond * SECONDS;
      const base = counter;
      console.log(`[bench] ${ratePerSecond}/s for ${SECONDS} s (${n} registrations) ...`);
      const sentAt: number[] = [];
      let inFlight = 0;
      const answers: Promise<number>[] = [];
      const t0 = performance.now();
      for (let k = 0; k < n; k++) {
        const due = t0 + (k * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        // At most MAX_IN_FLIGHT requests open: past it the registry is the limit (the achieved rate says so).
        while (inFlight >= MAX_IN_FLIGHT) await new Promise((r) => setTimeout(r, 1));
        inFlight += 1;
        sentAt.push(performance.now());
        answers.push(register().finally(() => (inFlight -= 1)));
      }
      const http = await Promise.all(answers);
      const achieved = (n * 1000) / (sentAt[n - 1] - sentAt[0]);
      await waitCounter(base + n, 120_000);
      const visible = sentAt.map((s, k) => (seenAt.get(base + k + 1) as number) - s);
      rows.push(
        row(
          `registry HTTP → monitoring stream @ ${ratePerSecond}/s`,
          visible,
          `sent ${achieved.toFixed(0)}/s`,
        ),
      );
      rows.push(
        row(`  of which registry HTTP answer @ ${ratePerSecond}/s`, http, 'POST /api/v1/children → 201'),
      );
    }

    console.log('[bench] Kafka EndToEndLatency (after) ...');
    rows.push(await kafkaEndToEnd(brokers, e2eTopic, E2E_MESSAGES));
  } finally {
    controller.abort();
    await monitoring.close();
    await registry.close();
  }
  const kafkaRow = rows.find((r) => r.what.startsWith('Kafka EndToEndLatency'));
  for (const r of rows.filter((x) => x.what.startsWith('registry HTTP → monitoring stream')))
    benchLine({
      workload: `monitoring: ${r.what.replace('registry HTTP → monitoring stream', 'registered → on the stream')}, p99`,
      ours: r.p99,
      baseline: kafkaRow?.p99 ?? Number.NaN,
      unit: 'ms',
      baselineName: 'Kafka EndToEndLatency p99',
      extra: { p50: `${r.p50.toFixed(1)} ms` },
    });
  const f = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(1));
  console.log('\n| measurement | n | p50 ms | p99 ms | max ms | note |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows)
    console.log(`| ${r.what} | ${r.n} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${r.note} |`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
