import {
  Context,
  Link,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  TextMapGetter,
  TextMapSetter,
  Tracer,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context on event headers. The registered global propagator is used first (an app's
 * SDK may add baggage or other formats); the W3C propagator below guarantees `traceparent` even
 * when no SDK is registered, since the API's default propagator injects nothing.
 */
const w3c = new W3CTraceContextPropagator();

type Carrier = Record<string, string>;
const setter: TextMapSetter<Carrier> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export const TRACER_NAME = '@care/events';

export function defaultTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

export interface TraceHeaders {
  readonly traceparent: string;
  readonly tracestate: string;
}

/** The trace context of `ctx` (the active one by default) as header values; empty strings without a span. */
export function captureTraceContext(ctx: Context = context.active()): TraceHeaders {
  const carrier: Carrier = {};
  propagation.inject(ctx, carrier, setter);
  if (!carrier.traceparent) w3c.inject(ctx, carrier, setter);
  return { traceparent: carrier.traceparent ?? '', tracestate: carrier.tracestate ?? '' };
}

/** The producer's context from an event's headers; the root context when it carries none. */
export function extractTraceContext(headers: { traceparent?: string; tracestate?: string }): Context {
  const carrier: Carrier = {};
  if (headers.traceparent) carrier.traceparent = headers.traceparent;
  if (headers.tracestate) carrier.tracestate = headers.tracestate;
  if (!carrier.traceparent) return ROOT_CONTEXT;
  const extracted = propagation.extract(ROOT_CONTEXT, carrier, getter);
  return trace.getSpanContext(extracted) ? extracted : w3c.extract(ROOT_CONTEXT, carrier, getter);
}

/**
 * A PRODUCER span for sending (`send`) or, for an outbox entry written now and sent later,
 * creating (`create`) an event; OpenTelemetry's messaging conventions name both.
 */
export function startProducerSpan(
  tracer: Tracer,
  topic: string,
  operation: 'send' | 'create',
  parent: Context,
): Span {
  return tracer.startSpan(
    `${operation} ${topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.operation.type': operation,
        'messaging.operation.name': operation,
      },
    },
    parent,
  );
}

export interface ConsumerSpanInput {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly groupId: string;
  readonly eventId: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/**
 * A CONSUMER span per handled event: a child of the producer's span (so one trace shows the
 * request that caused the event and its effects downstream) and linked to it, as the messaging
 * conventions ask, so the relation survives back-ends that cut traces at process boundaries.
 */
export function startConsumerSpan(
  tracer: Tracer,
  input: ConsumerSpanInput,
): { span: Span; context: Context } {
  const parent = extractTraceContext(input);
  const producerSpan = trace.getSpanContext(parent);
  const links: Link[] = producerSpan ? [{ context: producerSpan }] : [];
  const span = tracer.startSpan(
    `process ${input.topic}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': input.topic,
        'messaging.destination.partition.id': String(input.partition),
        'messaging.kafka.offset': Number(input.offset),
        'messaging.consumer.group.name': input.groupId,
        'messaging.message.id': input.eventId,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

export function endSpanWithError(span: Span, error: unknown): void {
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
  span.end();
}
