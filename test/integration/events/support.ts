// Shared helpers for the event backbone's integration specs: real Kafka, real FerretDB/MongoDB.
import { registry, type EventType } from '@care/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import mongoose, { Connection, Model, Schema } from 'mongoose';
import { KafkaEventBroker, processedEventsField, silentLogger } from '@care/events';

export const ROOT = path.resolve(__dirname, '../../..');
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
export const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';

export type Overdue = registry.VisitOverdue;

/** A run-unique suffix, so parallel runs (and other engineers) never share topics, groups or databases. */
export function uid(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/** VisitOverdue on a topic of its own: `it-<id>.visit.overdue.v1`. */
export function overdueType(id: string): EventType<Overdue> {
  return {
    topic: `it-${id}.visit.overdue.v1`,
    domain: 'registry',
    schemaVersion: 1,
    codec: registry.VisitOverdue,
  };
}

export function overdue(childId: string, daysOverdue: number): Overdue {
  return {
    childId,
    entryId: `entry-${childId}`,
    visitId: `visit-${daysOverdue}`,
    countyCode: '371702',
    townshipCode: '371702001',
    workerId: 'worker-1',
    dueOn: '2025-03-01',
    daysOverdue,
  };
}

export function broker(clientId: string): KafkaEventBroker {
  return new KafkaEventBroker({ clientId, brokers: KAFKA_BROKERS, logger: silentLogger });
}

export async function kafkaAdmin(): Promise<Admin> {
  const admin = new Kafka({
    clientId: 'it-admin',
    brokers: KAFKA_BROKERS,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  return admin;
}

export async function endOffsetTotal(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, p) => n + Number(p.high), 0);
}

/** Sum over partitions of the group's committed offsets (a partition never committed counts 0). */
export async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return t.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

export async function connectDb(db: string): Promise<Connection> {
  return mongoose.createConnection(MONGODB_URI, { dbName: db, serverSelectionTimeoutMS: 5000 }).asPromise();
}

/** The downstream projection: per child, how many overdue visits and how many days in all. */
export interface VisitTally {
  _id: string;
  overdueVisits: number;
  totalDaysOverdue: number;
  processedEventIds: string[];
}

export function tallyModel(connection: Connection): Model<VisitTally> {
  const existing = connection.models.VisitTally as Model<VisitTally> | undefined;
  if (existing) return existing;
  const schema = new Schema<VisitTally>(
    {
      _id: String,
      overdueVisits: { type: Number, default: 0 },
      totalDaysOverdue: { type: Number, default: 0 },
      ...processedEventsField,
    },
    { versionKey: false },
  );
  return connection.model<VisitTally>('VisitTally', schema, 'visit_tally');
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

export interface Fixture {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Runs a fixture script in its own Node process (TypeScript through tsx's loader, so SIGKILL hits it, not a wrapper). */
export function runFixture(script: string, env: Record<string, string>): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', script)], {
    cwd: ROOT,
    env: { ...process.env, KAFKA_BROKERS: KAFKA_BROKERS.join(','), MONGODB_URI, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (buffered) lines.push(buffered);
      if (code !== 0 && signal === null && stderr) process.stderr.write(`[fixture ${script}] ${stderr}\n`);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    waitForLine: (pattern, timeoutMs = 30_000) =>
      waitFor(`${script} to print ${pattern}`, async () => lines.find((l) => pattern.test(l)), timeoutMs, 50),
  };
}
