// Throughput of the event backbone against the real broker, next to Kafka's own perf tools.
//
//   npx tsx bench/events/throughput.ts [--events 200000] [--partitions 6] [--linger 5]
//        [--max-batch N] [--max-batch-bytes N] [--compression none|gzip] [--in-flight 20000]
//        [--fetch-max-bytes N] [--value-bytes 512] [--brokers 127.0.0.1:19092] [--no-kafka-tools]
//
// --max-batch / --max-batch-bytes / --fetch-max-bytes default to EventPublisher's and
// EventConsumer's own defaults, so the bench measures what services run.
//
// Ours: EventPublisher.publish (protobuf encode, envelope headers, acks=all, one request in flight, whole-batch re-send on failure)
// and EventConsumer (own eachBatch loop, per-message handler, offsets committed after handling).
// Kafka's: org.apache.kafka.tools.ProducerPerformance (acks=all, idempotence on, the Java
// client's defaults) and ConsumerPerformance, with records of the same value size.
import { registry, type EventType } from '@care/contracts';
import { EventConsumer, EventPublisher, KafkaEventBroker, handle, silentLogger } from '@care/events';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { benchLine } from '../bench-line';

interface Flags {
  events: number;
  partitions: number;
  linger: number;
  maxBatch: number | undefined;
  maxBatchBytes: number | undefined;
  compression: 'none' | 'gzip';
  fetchMaxBytes: number | undefined;
  inFlight: number;
  /** Encoded value size to aim at (the message is padded); 0 keeps the bare message (~82 B). */
  valueBytes: number;
  brokers: string;
  kafkaTools: boolean;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = {
    events: 200_000,
    partitions: 6,
    linger: 5,
    maxBatch: undefined,
    maxBatchBytes: undefined,
    compression: 'none',
    fetchMaxBytes: undefined,
    inFlight: 20_000,
    valueBytes: 512,
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
    kafkaTools: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const positive = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    switch (arg) {
      case '--events':
        flags.events = positive();
        break;
      case '--partitions':
        flags.partitions = positive();
        break;
      case '--linger':
        flags.linger = Number(value());
        break;
      case '--max-batch':
        flags.maxBatch = positive();
        break;
      case '--max-batch-bytes':
        flags.maxBatchBytes = positive();
        break;
      case '--fetch-max-bytes':
        flags.fetchMaxBytes = positive();
        break;
      case '--compression': {
        const c = value();
        if (c !== 'none' && c !== 'gzip') throw new Error('--compression is none or gzip');
        flags.compression = c;
        break;
      }
      case '--in-flight':
        flags.inFlight = positive();
        break;
      case '--value-bytes':
        flags.valueBytes = Number(value());
        if (!Number.isInteger(flags.valueBytes) || flags.valueBytes < 0)
          throw new Error('--value-bytes needs a whole number of bytes');
        break;
      case '--brokers':
        flags.brokers = value();
        break;
      case '--no-kafka-tools':
        flags.kafkaTools = false;
        break;
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  return flags;
}

const ROOT = path.resolve(__dirname, '../..');
const KAFKA_LIBS = path.join(ROOT, '.cache/kafka/libs/*');

interface Row {
  readonly what: string;
  readonly records: number;
  readonly seconds: number;
  /** This process's CPU time (user + system) per record: steadier than the rate on a shared machine. */
  readonly cpuMicrosPerRecord?: number;
  readonly valueBytes: number;
  readonly note: string;
}

function cpuMicros(usage: NodeJS.CpuUsage): number {
  return usage.user + usage.system;
}

function java(mainClass: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'java',
      ['-Xms256m', '-Xmx512m', '-Dlog4j2.level=warn', '-cp', KAFKA_LIBS, mainClass, ...args],
      { maxBuffer: 16 << 20, timeout: 10 * 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${mainClass} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const brokers = flags.brokers.split(',');
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const type: EventType<registry.VisitOverdue> = {
    topic: `bench-${id}.visit.overdue.v1`,
    domain: 'registry',
    schemaVersion: 1,
    codec: registry.VisitOverdue,
  };
  const rawTopic = `bench-${id}.perf-tools.raw.v1`;
  const group = `bench-${id}`;
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const kafka = new KafkaEventBroker({
    clientId: `bench-${id}`,
    brokers,
    logger: silentLogger,
    compression: flags.compression,
  });
  const rows: Row[] = [];
  // Padding of random capital letters, as ProducerPerformance fills its records, from a pool of
  // 1024 strings: records 1024 apart (far beyond gzip's 32 KiB window) repeat, so compression sees
  // about as little redundancy as in varied real data, not 400 identical bytes per record.
  let paddings: string[] = [''];
  const message = (i: number): registry.VisitOverdue => ({
    childId: `child-${i % 5000}`,
    entryId: `entry-${i % 5000}`,
    visitId: `visit-${i}`,
    countyCode: '371702',
    townshipCode: '371702001',
    workerId: `worker-17${paddings[i % paddings.length]}`,
    dueOn: '2025-03-01',
    daysOverdue: i % 90,
  });
  const bare = type.codec.encode(message(123_456)).finish().length;
  // The workerId carries the padding (a varint length: 2 bytes once past 127).
  if (flags.valueBytes > bare) {
    const length = Math.max(0, flags.valueBytes - bare - 1);
    paddings = Array.from({ length: 1024 }, () =>
      Array.from({ length }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join(''),
    );
  }
  const valueSize = type.codec.encode(message(123_456)).finish().length;
  console.log(
    `events=${flags.events} partitions=${flags.partitions} value≈${valueSize} B brokers=${flags.brokers}` +
      ` max-batch=${flags.maxBatch ?? 'default'} max-batch-bytes=${flags.maxBatchBytes ?? 'default'}` +
      ` compression=${flags.compression} fetch-max-bytes=${flags.fetchMaxBytes ?? 'default'}`,
  );

  try {
    await kafka.ensureTopics([
      { topic: type.topic, partitions: flags.partitions },
      { topic: rawTopic, partitions: flags.partitions },
    ]);

    // --- ours: publish
    const publisher = new EventPublisher(kafka, {
      producer: 'bench',
      lingerMs: flags.linger,
      maxBatchRecords: flags.maxBatch,
      maxBatchBytes: flags.maxBatchBytes,
    });
    await publisher.connect();
    let valueBytes = 0;
    const startPublish = process.hrtime.bigint();
    const publishCpu = process.cpuUsage();
    // A window of unacknowledged publishes, like a busy service's concurrent requests.
    let outstanding = 0;
    let failure: unknown;
    let wake: () => void = () => undefined;
    for (let i = 0; i < flags.events; i++) {
      const m = message(i);
      // Counted from the size measured above, not by encoding every message again: the bench's own
      // work would otherwise be charged to the publisher (a second protobuf encode per record).
      valueBytes += valueSize;
      outstanding += 1;
      publisher.publish(type, m.childId, m).then(
        () => {
          outstanding -= 1;
          if (outstanding <= flags.inFlight / 2 || outstanding === 0) wake();
        },
        (error) => {
          failure = error;
          outstanding -= 1;
          wake();
        },
      );
      if (outstanding >= flags.inFlight) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
    }
    while (outstanding > 0) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    const publishSeconds = Number(process.hrtime.bigint() - startPublish) / 1e9;
    rows.push({
      what: 'ours: EventPublisher.publish',
      records: flags.events,
      seconds: publishSeconds,
      cpuMicrosPerRecord: cpuMicros(process.cpuUsage(publishCpu)) / flags.events,
      valueBytes,
      note: `acks=all, 1 in flight, ${flags.compression}, + 5-7 headers per record`,
    });

    // --- ours: consume
    let consumed = 0;
    let firstAt = 0n;
    let consumeCpu = process.cpuUsage();
    let lastAt = 0n;
    let done: () => void = () => undefined;
    const allConsumed = new Promise<void>((r) => (done = r));
    const consumer = new EventConsumer(kafka, publisher, {
      groupId: group,
      logger: silentLogger,
      partitionsConsumedConcurrently: flags.partitions,
      maxBytesPerPartition: 4 << 20,
      maxBytes: flags.fetchMaxBytes,
      subscriptions: [
        handle(type, async () => {
          if (consumed === 0) {
            firstAt = process.hrtime.bigint();
            consumeCpu = process.cpuUsage();
          }
          consumed += 1;
          if (consumed === flags.events) {
            lastAt = process.hrtime.bigint();
            consumeCpu = process.cpuUsage(consumeCpu);
            done();
          }
        }),
      ],
    });
    const startConsume = process.hrtime.bigint();
    await consumer.start();
    await allConsumed;
    await consumer.stop();
    const joinSeconds = Number(firstAt - startConsume) / 1e9;
    rows.push({
      what: 'ours: EventConsumer (handler per event)',
      records: flags.events,
      seconds: Number(lastAt - firstAt) / 1e9,
      cpuMicrosPerRecord: cpuMicros(consumeCpu) / flags.events,
      valueBytes,
      note: `first to last event; group join took ${joinSeconds.toFixed(1)} s`,
    });
    await publisher.close();

    // --- Kafka's tools
    if (flags.kafkaTools) {
      const produced = await java('org.apache.kafka.tools.ProducerPerformance', [
        '--topic',
        rawTopic,
        '--num-records',
        String(flags.events),
        '--record-size',
        String(valueSize),
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${flags.brokers}`,
        'acks=all',
        'enable.idempotence=true',
      ]);
      const summary =
        produced
          .trim()
          .split('\n')
          .filter((l) => l.includes('records sent'))
          .pop() ?? '';
      const m = /([0-9]+) records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\)/.exec(summary);
      if (!m) throw new Error(`cannot read ProducerPerformance output:\n${produced}`);
      const perSecond = Number(m[2]);
      rows.push({
        what: 'Kafka ProducerPerformance',
        records: Number(m[1]),
        seconds: Number(m[1]) / perSecond,
        valueBytes: Number(m[1]) * valueSize,
        note: 'Java client defaults, acks=all, idempotent',
      });

      const consumedOut = await java('org.apache.kafka.tools.ConsumerPerformance', [
        '--bootstrap-server',
        flags.brokers,
        '--topic',
        rawTopic,
        '--messages',
        String(flags.events),
        '--group',
        `${group}-perf`,
        '--timeout',
        '30000',
      ]);
      const lines = consumedOut
        .trim()
        .split('\n')
        .filter((l) => l.includes(','));
      const header =
        lines
          .find((l) => l.includes('nMsg.sec'))
          ?.split(',')
          .map((s) => s.trim()) ?? [];
      const values = lines[lines.length - 1].split(',').map((s) => s.trim());
      const col = (name: string) => Number(values[header.indexOf(name)]);
      const fetchMs = col('fetch.time.ms');
      const nMsg = col('data.consumed.in.nMsg');
      if (!header.length || !(nMsg > 0))
        throw new Error(`cannot read ConsumerPerformance output:\n${consumedOut}`);
      rows.push({
        what: 'Kafka ConsumerPerformance',
        records: nMsg,
        seconds: fetchMs / 1000,
        valueBytes: col('data.consumed.in.MB') * 1024 * 1024,
        note: `fetch time (excludes ${col('rebalance.time.ms')} ms rebalance)`,
      });
    }
  } finally {
    await admin.deleteTopics({ topics: [type.topic, rawTopic, `${group}.dlq.v1`] }).catch(() => undefined);
    await admin.deleteGroups([group, `${group}-perf`]).catch(() => undefined);
    await admin.disconnect();
    await kafka.close();
  }

  const table = rows.map((r) => ({
    what: r.what,
    records: r.records,
    seconds: r.seconds.toFixed(2),
    'records/s': Math.round(r.records / r.seconds).toLocaleString('en-US'),
    'MB/s (values)': (r.valueBytes / 1024 / 1024 / r.seconds).toFixed(2),
    'CPU µs/rec': r.cpuMicrosPerRecord === undefined ? '' : r.cpuMicrosPerRecord.toFixed(1),
    note: r.note,
  }));
  console.table(table);
  const rate = (what: string) => {
    const r = rows.find((x) => x.what === what);
    return r === undefined ? Number.NaN : r.records / r.seconds;
  };
  const size = `${flags.events.toLocaleString('en-US')} × ${valueSize} B, ${flags.partitions} partitions`;
  benchLine({
    workload: `events: publisher, ${size}`,
    ours: rate('ours: EventPublisher.publish'),
    baseline: rate('Kafka ProducerPerformance'),
    unit: 'rec/s',
    baselineName: 'Kafka ProducerPerformance',
    target: '≥ 0.5×',
  });
  benchLine({
    workload: `events: consumer, ${size}`,
    ours: rate('ours: EventConsumer (handler per event)'),
    baseline: rate('Kafka ConsumerPerformance'),
    unit: 'rec/s',
    baselineName: 'Kafka ConsumerPerformance',
    target: '≥ 0.4×',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
