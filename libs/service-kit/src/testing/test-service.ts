import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Metadata } from '@grpc/grpc-js';
import { mongo } from 'mongoose';
import { readKafkaTls } from '@care/config';
import type { GrpcPackageName } from '@care/contracts';
import { SettableClock } from '../clock';
import { startService } from '../bootstrap';
import type { ServiceKitConfig } from '../service-config';
import { freePort, uniqueSuffix } from './support';
import { deleteSuffixedTopics } from './topic-probe';

export interface TestService<C extends ServiceKitConfig> {
  readonly app: INestApplication;
  readonly config: C;
  /** The test's own database (unique per start). */
  readonly dbName: string;
  /** Raw driver access to the same database: for reading documents as stored. */
  readonly db: mongo.Db;
  readonly clock: SettableClock;
  /** http://127.0.0.1:<port> */
  readonly httpUrl: string;
  readonly grpcAddress: string;
  /** The topic suffix of this app's topics and groups (`EVENT_TOPIC_SUFFIX`). */
  readonly topicSuffix: string;
  /** Stops the app, drops its database and deletes its topics. */
  close(): Promise<void>;
}

export interface StartTestServiceOptions<C extends ServiceKitConfig> {
  /** Short name used in the database, client id and topic suffix, e.g. `education-worklist`. */
  readonly name: string;
  readonly load: (env: Record<string, string | undefined>) => C;
  readonly module: (config: C, clock: SettableClock) => DynamicModule;
  readonly grpcPackages: readonly GrpcPackageName[];
  /** "Today" of the settable clock (YYYY-MM-DD); default the real date. */
  readonly today?: string;
  /** Overrides of the test environment (on top of process.env and the isolation defaults). */
  readonly env?: Record<string, string>;
  /** Share another test app's topics (a cross-service test): its suffix instead of a new one. */
  readonly topicSuffix?: string;
  /** Reuse another test app's database (a restart test): its name instead of a new one; close() then leaves it. */
  readonly dbName?: string;
}

/**
 * Boots a real service (its AppModule on the real Kafka and database of KAFKA_BROKERS and
 * MONGODB_URI) in isolation: a database, topics and consumer groups of its own, HTTP on a
 * random port, gRPC on a free one, a settable clock, quiet logs, no tracing export.
 */
export async function startTestService<C extends ServiceKitConfig>(
  options: StartTestServiceOptions<C>,
): Promise<TestService<C>> {
  const suffix = uniqueSuffix();
  const dbName = options.dbName ?? `${options.name.replace(/[^A-Za-z0-9]/g, '_')}_t_${suffix}`.slice(0, 63);
  const topicSuffix = options.topicSuffix ?? `t-${suffix}`;
  const grpcAddress = `127.0.0.1:${await freePort()}`;
  const config = options.load({
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_DATABASE: dbName,
    HTTP_PORT: '0',
    GRPC_BIND_ADDRESS: grpcAddress,
    KAFKA_CLIENT_ID: `${options.name}-test-${suffix}`,
    EVENT_TOPIC_SUFFIX: topicSuffix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    OTEL_TRACES_EXPORTER: 'none',
    OUTBOX_POLL_MS: '50',
    ...options.env,
  });
  const clock = new SettableClock(options.today ?? new Date());
  const verbose = (process.env.TEST_LOG_LEVEL ?? '') === 'debug';
  const app = await NestFactory.create(options.module(config, clock), {
    logger: verbose ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'],
  });
  const started = await startService(app, config, {
    grpcPackages: options.grpcPackages,
    openApi: { title: options.name, description: 'test' },
    httpHost: '127.0.0.1',
  });
  const client = await mongo.MongoClient.connect(config.MONGODB_URI, {
    directConnection: true,
    retryWrites: false,
  });
  const db = client.db(dbName);
  return {
    app,
    config,
    dbName,
    db,
    clock,
    httpUrl: started.httpUrl.replace('[::1]', '127.0.0.1'),
    grpcAddress,
    topicSuffix,
    async close() {
      await app.close();
      // A shared database belongs to the app that made it.
      if (options.dbName === undefined) await db.dropDatabase().catch(() => undefined);
      await client.close();
      // A shared suffix belongs to the app that made it.
      if (options.topicSuffix === undefined)
        await deleteSuffixedTopics(config.KAFKA_BROKERS, topicSuffix, readKafkaTls(config));
    },
  };
}

export interface TestActor {
  readonly role?: string;
  readonly department?: string;
  readonly counties?: string;
  readonly userId?: string;
}

/** Identity headers of a test actor (the header stand-in of @care/access). */
export function testActorHeaders(actor: TestActor = {}): Record<string, string> {
  const role = actor.role ?? 'civil-affairs-officer';
  return {
    'x-user-id': actor.userId ?? `test-${role}`,
    'x-role': role,
    'x-department': actor.department ?? 'DEPARTMENT_CIVIL_AFFAIRS',
    'x-county-codes': actor.counties ?? '371702',
  };
}

/** The same actor as gRPC metadata. */
export function testActorMetadata(actor: TestActor = {}): Metadata {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(testActorHeaders(actor))) metadata.set(k, v);
  return metadata;
}
