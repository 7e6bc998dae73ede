import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as net from 'node:net';
import { mongo } from 'mongoose';
import { startHybridApp } from '@care/grpc';
import { AppModule } from '../../src/app.module';
import { SettableClock } from '../../src/clock';
import { loadRegistryConfig, type RegistryConfig } from '../../src/config';
import { KeyCareModule } from '../../src/key-care/key-care.module';
import { ScreeningModule } from '../../src/screening/screening.module';
import { deleteSuffixedTopics } from '../kafka-probe';

/**
 * The real registry app plus the screening and key-care modules (harmless once AppModule wires
 * them itself: Nest instantiates a module class once). Real FerretDB and Kafka from the env, a
 * database of its own per test file, a settable clock, HTTP on a random port, gRPC on a free one.
 */
@Module({})
class LedgerTestModule {
  static forRoot(config: RegistryConfig, clock: SettableClock): DynamicModule {
    return {
      module: LedgerTestModule,
      imports: [AppModule.forRoot(config, { clock }), ScreeningModule, KeyCareModule],
    };
  }
}

export interface LedgerTestApp {
  app: INestApplication;
  config: RegistryConfig;
  dbName: string;
  /** Raw driver access to the test's database, to read documents as stored. */
  db: mongo.Db;
  clock: SettableClock;
  httpUrl: string;
  grpcAddress: string;
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

export async function startLedgerApp(options: {
  name: string;
  today: string;
  env?: Record<string, string>;
}): Promise<LedgerTestApp> {
  const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const dbName = `registry_test_${options.name}_${suffix}`.slice(0, 63);
  const grpcPort = await freePort();
  const config = loadRegistryConfig({
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_DATABASE: dbName,
    HTTP_PORT: '0',
    GRPC_BIND_ADDRESS: `127.0.0.1:${grpcPort}`,
    KAFKA_CLIENT_ID: `registry-test-${options.name}-${suffix}`,
    EVENT_TOPIC_SUFFIX: `t-${suffix.replace(/_/g, '-')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    OTEL_TRACES_EXPORTER: 'none',
    RECOMPUTE_SCHEDULE_ENABLED: 'false',
    OUTBOX_POLL_MS: '50',
    ...options.env,
  });
  const clock = new SettableClock(options.today);
  const app = await NestFactory.create(LedgerTestModule.forRoot(config, clock), {
    logger: ['error', 'warn'],
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
export function actorHeaders(role = 'civil-affairs-officer', counties = '371702'): Record<string, string> {
  return {
    'x-user-id': `test-${role}`,
    'x-role': role,
    'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
    'x-county-codes': counties,
  };
}

export interface HttpResult<T> {
  status: number;
  body: T;
}

/** A JSON request against the running app (over a real socket). */
export async function http<T = Record<string, unknown>>(
  app: LedgerTestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = actorHeaders(),
): Promise<HttpResult<T>> {
  const response = await fetch(`${app.httpUrl.replace('[::1]', '127.0.0.1')}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}

export interface TestChild {
  name: string;
  birthDate: string;
  hukouDivisionCode: string;
  residenceDivisionCode: string;
  movedInOn: string;
  difficultyTypes?: string[];
  askedForHelp?: boolean;
  verifiedOn?: string;
}

/** Registers a child through R-core's REST API (no ID number: flagged for follow-up, birth date given). */
export async function registerChild(
  app: LedgerTestApp,
  child: TestChild,
): Promise<{ childId: string; countyCode: string; townshipCode: string; isMigrant: boolean }> {
  const result = await http<{
    childId: string;
    countyCode: string;
    townshipCode: string;
    determination: { isMigrant: boolean };
  }>(app, 'POST', '/api/v1/children', {
    name: child.name,
    birthDate: child.birthDate,
    sex: 'female',
    hukouDivisionCode: child.hukouDivisionCode,
    hukouAddress: '河南省郑州市中原区某街道某号',
    residence: {
      divisionCode: child.residenceDivisionCode,
      movedInOn: child.movedInOn,
      address: '山东省菏泽市牡丹区某街道某号',
    },
    accompaniedBy: 'one-parent',
    guardians: [{ name: '王某某', relation: '母亲', phone: '13812345678' }],
    difficultyTypes: child.difficultyTypes ?? [],
    askedForHelp: child.askedForHelp ?? false,
    ...(child.verifiedOn === undefined ? {} : { verifiedOn: child.verifiedOn }),
  });
  if (result.status !== 201)
    throw new Error(`registering a test child failed: ${result.status} ${JSON.stringify(result.body)}`);
  return {
    childId: result.body.childId,
    countyCode: result.body.countyCode,
    townshipCode: result.body.townshipCode,
    isMigrant: result.body.determination.isMigrant,
  };
}
