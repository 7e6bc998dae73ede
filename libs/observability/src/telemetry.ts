import { NodeSDK } from '@opentelemetry/sdk-node';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';

export type TraceExporterKind = 'otlp' | 'console' | 'memory' | 'none';

export interface TelemetryOptions {
  readonly serviceName: string;
  /** Default `none`: spans are still made (logs carry trace ids, context still propagates) but not exported. */
  readonly exporter?: TraceExporterKind;
  /** OTLP/HTTP collector base URL (`/v1/traces` is appended). */
  readonly otlpEndpoint?: string;
}

export interface Telemetry {
  readonly serviceName: string;
  readonly exporter: TraceExporterKind;
  /** Spans ended so far (only with the `memory` exporter; empty otherwise). */
  getFinishedSpans(): ReadableSpan[];
  resetSpans(): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

// Probes and scrapes fire every few seconds; tracing them would drown the real requests.
const UNTRACED_PATHS = new Set(['/metrics', '/health/live', '/health/ready']);

let active: Telemetry | undefined;

function spanProcessorsFor(
  options: TelemetryOptions,
  exporter: TraceExporterKind,
  memory: InMemorySpanExporter | undefined,
): SpanProcessor[] {
  switch (exporter) {
    case 'otlp':
      return [
        new BatchSpanProcessor(
          new OTLPTraceExporter({
            url: `${(options.otlpEndpoint ?? 'http://127.0.0.1:4318').replace(/\/$/, '')}/v1/traces`,
          }),
        ),
      ];
    case 'console':
      return [new SimpleSpanProcessor(new ConsoleSpanExporter())];
    case 'memory':
      // Simple (not batch) so a test sees a span as soon as it ends.
      return memory === undefined ? [] : [new SimpleSpanProcessor(memory)];
    case 'none':
      return [];
    default: {
      const unknown: never = exporter;
      throw new Error(`unknown trace exporter ${String(unknown)}`);
    }
  }
}

/**
 * Starts OpenTelemetry for this process: HTTP, Express and gRPC instrumentation, W3C trace
 * context + baggage propagation. Instrumentation works by patching modules as they are
 * required, so this must run before anything loads http, express or @grpc/grpc-js — i.e. on
 * the first line of main.ts (see README). Calling it again returns the running instance.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (active !== undefined) return active;
  const exporter = options.exporter ?? 'none';
  const memory = exporter === 'memory' ? new InMemorySpanExporter() : undefined;
  const processors = spanProcessorsFor(options, exporter, memory);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    autoDetectResources: false,
    spanProcessors: processors,
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
      }),
      new ExpressInstrumentation(),
      new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch'] }),
    ],
  });
  sdk.start();
  const telemetry: Telemetry = {
    serviceName: options.serviceName,
    exporter,
    getFinishedSpans: () => memory?.getFinishedSpans() ?? [],
    resetSpans: () => memory?.reset(),
    forceFlush: async () => {
      await Promise.all(processors.map((processor) => processor.forceFlush()));
    },
    shutdown: async () => {
      active = undefined;
      await sdk.shutdown();
    },
  };
  active = telemetry;
  return telemetry;
}

/** The running telemetry, if `startTelemetry` was called (tests read spans through it). */
export function getTelemetry(): Telemetry | undefined {
  return active;
}
