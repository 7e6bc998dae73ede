// Metrics, health and request logging of a real Nest HTTP app.
import 'reflect-metadata';
import { Controller, Get, Logger as NestLogger, Module, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { HealthModule, LoggingModule, MetricsModule, MetricsService, REDACTED } from '@care/observability';
import { notFound } from '@care/errors';
import { configureHybridApp } from '@care/grpc';

const logLines: string[] = [];
let kafkaConnected = true;
let dependencyHangs = true;

@Controller('children')
class ChildrenController {
  private readonly logger = new NestLogger(ChildrenController.name);
  private readonly lookups;

  constructor(metrics: MetricsService) {
    this.lookups = metrics.counter({
      name: 'child_lookups_total',
      help: 'child lookups',
      labelNames: ['outcome'],
    });
  }

  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    this.logger.log({ msg: 'looked up', child: { childId: id, name: '张小明', phone: '13812345678' } });
    if (id === 'missing') {
      this.lookups.inc({ outcome: 'missing' });
      throw notFound('儿童', id);
    }
    this.lookups.inc({ outcome: 'found' });
    return { id };
  }
}

@Module({
  imports: [
    LoggingModule.forRoot({
      serviceName: 'obs-spec',
      level: 'info',
      destination: { write: (line: string) => void logLines.push(line) },
    }),
    MetricsModule.forRoot({ serviceName: 'obs-spec' }),
    HealthModule.forRoot({
      checks: [
        { name: 'mongo', check: async () => true },
        { name: 'kafka-producer', check: async () => kafkaConnected },
        {
          name: 'slow-dependency',
          check: () => (dependencyHangs ? new Promise<void>(() => undefined) : Promise.resolve()),
          timeoutMs: 100,
        },
      ],
    }),
  ],
  controllers: [ChildrenController],
})
class AppModule {}

describe('observability over HTTP', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(AppModule, { bufferLogs: true });
    app.useLogger(app.get(Logger));
    configureHybridApp(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers liveness without checking dependencies', async () => {
    const response = await fetch(`${url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up' });
  });

  it('reports 503 naming the failed and timed-out readiness checks, then 200 once they pass', async () => {
    kafkaConnected = false;
    const down = await fetch(`${url}/health/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'not-ready',
      checks: { mongo: 'up', 'kafka-producer': 'down', 'slow-dependency': 'timeout' },
      failed: ['kafka-producer', 'slow-dependency'],
    });
    kafkaConnected = true;
    dependencyHangs = false;
    const up = await fetch(`${url}/health/ready`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      status: 'ready',
      checks: { mongo: 'up', 'kafka-producer': 'up', 'slow-dependency': 'up' },
      failed: [],
    });
  });

  it('exposes Prometheus metrics: process defaults, app counters, and request durations by route template', async () => {
    await fetch(`${url}/children/c-1`);
    await fetch(`${url}/children/c-2`);
    await fetch(`${url}/children/missing`);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total{service="obs-spec"}');
    expect(text).toContain('child_lookups_total{outcome="found",service="obs-spec"} 2');
    expect(text).toContain('child_lookups_total{outcome="missing",service="obs-spec"} 1');
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{service="obs-spec",method="GET",route="\/children\/:id",status_code="200"\} 2/,
    );
    expect(text).toMatch(
      /http_server_request_duration_seconds_count\{service="obs-spec",method="GET",route="\/children\/:id",status_code="404"\} 1/,
    );
    expect(text).not.toContain('c-1'); // concrete ids never become labels
  });

  it('logs requests and app lines as JSON without personal data, and skips probe noise', async () => {
    logLines.length = 0;
    await fetch(`${url}/children/c-9?idNumber=110101201503070012`, {
      headers: { authorization: 'Bearer secret-token' },
    });
    await fetch(`${url}/health/live`);
    const records = logLines.map((line) => JSON.parse(line) as Record<string, any>);
    const appLine = records.find((r) => r.msg === 'looked up');
    expect(appLine).toMatchObject({
      service: 'obs-spec',
      context: 'ChildrenController',
      child: { childId: 'c-9', name: REDACTED, phone: REDACTED },
    });
    const requestLine = records.find((r) => r.msg === 'request completed');
    expect(requestLine).toMatchObject({
      req: { method: 'GET', path: '/children/c-9' },
      res: { statusCode: 200 },
    });
    expect(records.some((r) => r.req?.path === '/health/live')).toBe(false);
    const all = logLines.join('\n');
    expect(all).not.toContain('110101201503070012');
    expect(all).not.toContain('secret-token');
    expect(all).not.toContain('张小明');
    expect(all).not.toContain('13812345678');
  });
});
