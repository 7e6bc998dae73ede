// One trace across every hop of the platform: an HTTP request to a Nest app, whose controller
// calls a gRPC method over a real socket, which publishes a Kafka event (@care/events), which a
// consumer handles. The app runs in its own Node process started like every main.ts (telemetry
// on the first line, in-memory exporter): jest's module loader bypasses the require hooks that
// OpenTelemetry's auto-instrumentation relies on, so an in-jest app would prove nothing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { SpanKind } from '@opentelemetry/api';

interface SpanDump {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  links: { traceId: string; spanId: string }[];
  scope: string;
  attributes: Record<string, unknown>;
}

const ROOT = path.resolve(__dirname, '../../..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('distributed trace: HTTP -> gRPC -> Kafka producer -> consumer', () => {
  let child: ChildProcessWithoutNullStreams;
  let httpUrl = '';
  let topic = '';
  let stderr = '';

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(__dirname, 'fixtures/trace-app.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092' },
      },
    );
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = await new Promise<{ httpUrl: string; topic: string }>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(
        () => reject(new Error(`trace app not ready in 60 s; stderr:\n${stderr}`)),
        60_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^READY (.*)$/m.exec(stdout);
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line[1]!) as { httpUrl: string; topic: string });
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`trace app exited with ${code}; stderr:\n${stderr}`));
      });
    });
    httpUrl = ready.httpUrl;
    topic = ready.topic;
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 10_000);
      });
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    }
  }, 20_000);

  it('carries one trace id from the HTTP server span through gRPC client and server to the producer and the linked consumer span', async () => {
    const response = await fetch(`${httpUrl}/children/c-42/visits`, { method: 'POST' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ childId: 'c-42' });

    // The consumer handles the event asynchronously: wait for its span.
    let spans: SpanDump[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const dump = (await (await fetch(`${httpUrl}/__test/spans`)).json()) as {
        consumedEventIds: string[];
        spans: SpanDump[];
      };
      spans = dump.spans;
      if (dump.consumedEventIds.length > 0 && spans.some((s) => s.kind === SpanKind.CONSUMER)) break;
      await sleep(200);
    }

    const one = (kind: SpanKind, name: string): SpanDump => {
      const found = spans.filter((s) => s.kind === kind && s.name === name);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    const httpServer = one(SpanKind.SERVER, 'POST /children/:id/visits');
    const grpcClient = one(SpanKind.CLIENT, 'grpc.registry.v1.RegistryService/GetChild');
    const grpcServer = one(SpanKind.SERVER, 'grpc.registry.v1.RegistryService/GetChild');
    const producer = one(SpanKind.PRODUCER, `send ${topic}`);
    const consumer = one(SpanKind.CONSUMER, `process ${topic}`);

    const traceId = httpServer.traceId;
    expect(httpServer.parentSpanId).toBeUndefined(); // the request came in without a trace: it starts here
    for (const span of [grpcClient, grpcServer, producer, consumer]) expect(span.traceId).toBe(traceId);

    // The causal chain, hop by hop (express middleware spans may sit between HTTP and the gRPC client).
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: SpanDump): string[] => {
      const chain: string[] = [];
      for (let at = span.parentSpanId; at !== undefined; at = byId.get(at)?.parentSpanId) chain.push(at);
      return chain;
    };
    expect(ancestors(grpcClient)).toContain(httpServer.spanId);
    expect(grpcServer.parentSpanId).toBe(grpcClient.spanId); // context crossed the socket in gRPC metadata
    expect(producer.parentSpanId).toBe(grpcServer.spanId);
    expect(consumer.parentSpanId).toBe(producer.spanId); // context crossed Kafka in the traceparent header
    expect(consumer.links).toEqual([{ traceId, spanId: producer.spanId }]);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
    });

    // Every instrumentation took part in the request's trace: HTTP, express, gRPC and the events library.
    const scopes = new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.scope));
    expect([...scopes].sort()).toEqual(
      [
        '@care/events',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-grpc',
        '@opentelemetry/instrumentation-http',
      ].sort(),
    );
  }, 60_000);
});
