// End-to-end latency of a cross-region push at a steady registration rate, beside the same-run
// floor of its transport.
//
//   source .cache/run/env && node -r @swc-node/register bench/gateway/push-latency.ts [--rate 200] [--seconds 30]
//        [--drain-seconds 180] [--baseline-seconds 5]
// (swc rather than tsx: the Nest apps started here need decorator metadata, which esbuild omits.)
//
// Two real cities in this process (test/integration/gateway/gateway-pair.ts): Heze's and Zhengzhou's
// registries and gateways on the real broker and database, mutual TLS between the gateways.
// Heze's registry gets `rate` registrations a second (open loop: each is sent on its schedule,
// whether the previous ones answered or not) of migrant children whose hukou is in Zhengzhou.
// A push's latency runs from the registration's answer (the child and its ChildRegistered event
// stored in one write) to the signed receipt stored in Heze's gateway outbox (`receiptedAt`):
// Kafka relay and consumer, the gateway's audited registry read, sealing, the outbox, SM2
// signing, the mutual-TLS send, Zhengzhou's checks, comparison, task routing and signed
// receipt, and the receipt's verification. The services' clocks (settable in the test harness)
// follow the real clock every 5 ms, so `receiptedAt` is the moment the receipt was stored.
//
// Baseline (same run, before the load, same rate): the raw HTTPS mutual-TLS round trip to a
// listener with Zhengzhou's certificate answering an empty body, from a client with Heze's
// certificate, keep-alive agent like the gateway's. It is the part of a push that crossing to the
// other city costs at least; the ratio says how much the gateway's own work (and the queueing
// at this rate) adds to it. (Kafka's EndToEndLatency would be the floor of one hop inside a city
// instead; the push has one such hop and one exchange, and it is the exchange that makes it a
// cross-region push.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeIdNumber } from '@care/identity';
import { addDays } from '@care/child-rules';
import { registrationBody } from '../../apps/registry/test/fixtures';
import { startGatewayPair, type GatewayPair } from '../../test/integration/gateway/gateway-pair';
import { benchLine } from '../bench-line';

interface Flags {
  rate: number;
  seconds: number;
  drainSeconds: number;
  baselineSeconds: number;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { rate: 200, seconds: 30, drainSeconds: 180, baselineSeconds: 5 };
  const names: Record<string, keyof Flags> = {
    '--rate': 'rate',
    '--seconds': 'seconds',
    '--drain-seconds': 'drainSeconds',
    '--baseline-seconds': 'baselineSeconds',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const key = names[argv[i]];
    const n = Number(argv[i + 1]);
    if (key === undefined) throw new Error(`unknown flag ${argv[i]} (${Object.keys(names).join(', ')})`);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${argv[i]} needs a positive number`);
    flags[key] = n;
    i += 1;
  }
  return flags;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summary(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Calls `fire(i)` for i = 0..count-1 at `rate` per second on a fixed schedule (open loop). */
async function openLoop(rate: number, count: number, fire: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(fire(i));
  }
  const sentIn = (performance.now() - started) / 1000;
  await Promise.all(pending);
  return sentIn;
}

/** Raw HTTPS mutual-TLS round trips (empty-body answers) at `rate` for `seconds`. */
async function baseline(pki: string, rate: number, seconds: number): Promise<Summary> {
  const file = (city: string, name: string) => readFileSync(join(pki, city, name));
  const ca = readFileSync(join(pki, 'care-dev-ca.crt'));
  const server = createServer(
    {
      cert: file('410100', 'tls.crt'),
      key: file('410100', 'tls.key'),
      ca,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-length': 0 }).end());
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 32,
    cert: file('371700', 'tls.crt'),
    key: file('371700', 'tls.key'),
    ca,
    minVersion: 'TLSv1.2',
  });
  const body = Buffer.from(JSON.stringify({ probe: 'x'.repeat(1500) }));
  const latencies: number[] = [];
  await openLoop(rate, Math.round(rate * seconds), async () => {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/exchange',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
          checkServerIdentity: () => undefined,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    latencies.push(performance.now() - t0);
  });
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return summary(latencies);
}

/** A migrant child living in Heze's 牡丹区 whose hukou is in Zhengzhou's 中原区 (one push each). */
function child(i: number): Record<string, unknown> {
  const birthDate = addDays('2013-01-01', Math.floor(i / 900));
  return registrationBody(
    {
      name: '王小明',
      idNumber: makeIdNumber('410102', birthDate, 100 + (i % 900)),
      hukouDivisionCode: '410102001',
      hukouAddress: '河南省郑州市中原区林山寨街道和平路12号',
      guardians: [{ name: '王建国', relation: '父亲', phone: '13812345678' }],
      difficultyTypes: [],
    },
    i % 900, // the fixture's own (overridden) ID number takes a 3-digit sequence
  );
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const log = (line: string) => console.log(`[bench] ${line}`);
  const count = Math.round(flags.rate * flags.seconds);
  log(`starting Heze and Zhengzhou (two registries, two gateways, mutual TLS) in this process`);
  let pair: GatewayPair | undefined;
  let ticking: NodeJS.Timeout | undefined;
  try {
    pair = await startGatewayPair('bench_push');
    const { heze, zhengzhou } = pair;
    const clocks = [
      heze.registry.clock,
      heze.gateway.clock,
      zhengzhou.registry.clock,
      zhengzhou.gateway.clock,
    ];
    ticking = setInterval(() => {
      const now = new Date();
      for (const clock of clocks) clock.set(now);
    }, 5);

    log(`baseline: HTTPS mutual-TLS round trip, empty answer, ${flags.rate}/s for ${flags.baselineSeconds}s`);
    const floor = await baseline(pair.pki, flags.rate, flags.baselineSeconds);

    log(`load: ${count} registrations at ${flags.rate}/s (open loop)`);
    const answeredAt = new Map<string, number>();
    const refused = new Map<number | string, number>();
    const sentIn = await openLoop(flags.rate, count, async (i) => {
      try {
        const res = await fetch(`${heze.registry.httpUrl}/api/v1/children`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...heze.officer },
          body: JSON.stringify(child(i)),
        });
        const answer = (await res.json()) as { childId?: string };
        if (res.status === 201 && answer.childId !== undefined) answeredAt.set(answer.childId, Date.now());
        else refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const key = `error ${cause?.code ?? cause?.message ?? String(error)}`;
        refused.set(key, (refused.get(key) ?? 0) + 1);
      }
    });
    log(
      `sent in ${sentIn.toFixed(1)}s (target ${flags.seconds}s), ${answeredAt.size} registered` +
        (refused.size > 0 ? `, refused ${JSON.stringify(Object.fromEntries(refused))}` : ''),
    );

    const outgoing = heze.gateway.db.collection<{ _id: string; childId: string; receiptedAt: Date | null }>(
      'outgoing_messages',
    );
    const receipted = new Map<string, number>();
    const deadline = Date.now() + flags.drainSeconds * 1000;
    while (receipted.size < answeredAt.size && Date.now() < deadline) {
      const docs = await outgoing
        .find({ status: 'receipted' }, { projection: { childId: 1, receiptedAt: 1 } })
        .toArray();
      for (const doc of docs)
        if (doc.receiptedAt instanceof Date) receipted.set(doc.childId, doc.receiptedAt.getTime());
      if (receipted.size < answeredAt.size) await sleep(1000);
    }
    const latencies: number[] = [];
    for (const [childId, t0] of answeredAt) {
      const t1 = receipted.get(childId);
      if (t1 !== undefined) latencies.push(t1 - t0);
    }
    const push = summary(latencies);
    const lastReceipt = Math.max(...receipted.values());
    const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '—');
    const rows = [
      ['', 'n', 'p50', 'p95', 'p99', 'max'],
      [
        'push (registered → receipt stored)',
        ...[push.n, push.p50, push.p95, push.p99, push.max].map((v, k) => (k === 0 ? String(v) : fmt(v))),
      ],
      [
        'HTTPS mTLS round trip (baseline)',
        ...[floor.n, floor.p50, floor.p95, floor.p99, floor.max].map((v, k) =>
          k === 0 ? String(v) : fmt(v),
        ),
      ],
      [
        'ratio',
        '',
        ...[push.p50 / floor.p50, push.p95 / floor.p95, push.p99 / floor.p99, push.max / floor.max].map(
          (r) => `${r.toFixed(0)}×`,
        ),
      ],
    ];
    benchLine({
      workload: `gateway push p50, ${flags.rate}/s for ${flags.seconds} s`,
      ours: push.p50,
      baseline: floor.p50,
      unit: 'ms',
      baselineName: 'HTTPS mTLS round trip',
      extra: { p99: `${push.p99.toFixed(0)} ms (baseline ${floor.p99.toFixed(1)} ms)`, receipted: push.n },
    });
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    console.log('');
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
    console.log('');
    log(
      `target rate ${flags.rate}/s; registrations answered ${answeredAt.size}/${count}; receipts ${push.n}/${answeredAt.size}` +
        (receipted.size > 0
          ? `; throughput of receipts ${((push.n * 1000) / (lastReceipt - Math.min(...answeredAt.values()))).toFixed(0)}/s`
          : ''),
    );
    if (push.n < answeredAt.size)
      log(`${answeredAt.size - push.n} pushes not receipted within ${flags.drainSeconds}s of the load`);
  } finally {
    if (ticking !== undefined) clearInterval(ticking);
    await pair?.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
