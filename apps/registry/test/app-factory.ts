import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as net from 'node:net';
import { mongo } from 'mongoose';
import { credentials, Metadata } from '@grpc/grpc-js';
import { startHybridApp } from '@care/grpc';
import { GRPC_PACKAGES, PROTO_ROOT } from '@care/contracts';
import { PROTO_LOADER_OPTIONS } from '@care/grpc';
import * as protoLoader from '@grpc/proto-loader';
import * as grpc from '@grpc/grpc-js';
import { AppModule } from '../src/app.module';
import { SettableClock } from '../src/clock';
import { loadRegistryConfig, type RegistryConfig } from '../src/config';
import { deleteSuffixedTopics } from './kafka-probe';

export interface RegistryTestApp {
  app: INestApplication;
  config: RegistryConfig;
  /** The test's own database (unique per test file). */
  dbName: string;
  /** Raw driver access to the same database (no mongoose): for reading documents as stored. */
  db: mongo.Db;
  clock: SettableClock;
  httpUrl: string;
  grpcAddress: string;
  /** Drops the database and stops the app. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Boots the real registry (AppModule, real FerretDB/MongoDB and Kafka from MONGODB_URI and
 * KAFKA_BROKERS) against a database of its own, with HTTP on a random port and gRPC on a free
 * one, the daily scheduler off (tests run the job for a date) and a settable clock.
 */
export async function startRegistry(options: {
  name: string;
  today?: string;
  env?: Record<string, string>;
}): Promise<RegistryTestApp> {
  const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const dbName = `registry_test_${options.name}_${suffix}`.slice(0, 63);
  const grpcPort = await freePort();
  const config = loadRegistryConfig({
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_DATABASE: dbName,
    HTTP_PORT: '0',
    GRPC_BIND_ADDRESS: `127.0.0.1:${grpcPort}`,
    KAFKA_CLIENT_ID: `registry-test-${suffix}`,
    // Topics and consumer groups of its own per app (the broker is shared with other runs and
    // the demo platform).
    EVENT_TOPIC_SUFFIX: `t-${suffix.replace(/_/g, '-')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    OTEL_TRACES_EXPORTER: 'none',
    RECOMPUTE_SCHEDULE_ENABLED: 'false',
    OUTBOX_POLL_MS: '50',
    ...options.env,
  });
  const clock = new SettableClock(options.today ?? new Date());
  const verbose = (process.env.TEST_LOG_LEVEL ?? '') === 'debug';
  const app = await NestFactory.create(AppModule.forRoot(config, { clock }), {
    logger: verbose ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'],
  });
  const started = await startHybridApp(app, {
    grpc: { packages: ['registry'], url: config.GRPC_BIND_ADDRESS },
    httpPort: 0,
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
    httpUrl: started.httpUrl,
    grpcAddress: config.GRPC_BIND_ADDRESS,
    async close() {
      await app.close();
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await deleteSuffixedTopics(config.KAFKA_BROKERS, config.EVENT_TOPIC_SUFFIX);
    },
  };
}

/** Identity headers of a test actor (the header stand-in of @care/access). */
export function actorHeaders(
  role = 'civil-affairs-officer',
  counties = '371702,371721',
): Record<string, string> {
  return {
    'x-user-id': `test-${role}`,
    'x-role': role,
    'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
    'x-county-codes': counties,
  };
}

export function actorMetadata(role = 'civil-affairs-officer', counties = '371702,371721'): Metadata {
  const metadata = new Metadata();
  for (const [k, v] of Object.entries(actorHeaders(role, counties))) metadata.set(k, v);
  return metadata;
}

/** A plain grpc-js client of registry.v1.RegistryService over a real socket (what other services use). */
export function registryGrpcClient(
  address: string,
): grpc.Client & Record<string, grpc.handleUnaryCall<unknown, unknown> | unknown> {
  const definition = protoLoader.loadSync(GRPC_PACKAGES.registry.protoPath, {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [PROTO_ROOT],
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    registry: { v1: { RegistryService: grpc.ServiceClientConstructor } };
  };
  return new loaded.registry.v1.RegistryService(address, credentials.createInsecure()) as never;
}

/** Calls a unary method and resolves with the response or rejects with the ServiceError. */
export function unary<Res>(
  client: grpc.Client,
  method: string,
  request: unknown,
  metadata: Metadata,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (
      client as unknown as Record<
        string,
        (req: unknown, md: Metadata, cb: (err: grpc.ServiceError | null, res: Res) => void) => void
      >
    )[method];
    fn.call(client, request, metadata, (err, res) => (err ? reject(err) : resolve(res)));
  });
}
