import { registry, type EventType } from '@care/contracts';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { BrokerSendError } from './broker';
import { silentLogger } from './logger';
import { EventPublisher } from './publisher';
import { SendDeadlineExceededError } from './resend';
import { RecordingEventBroker } from './testing/recording-broker';

type Overdue = registry.VisitOverdue;
const Overdue: EventType<Overdue> = {
  topic: 'registry.visit.overdue.v1',
  domain: 'registry',
  schemaVersion: 1,
  codec: registry.VisitOverdue,
};
const message: Overdue = {
  childId: 'c1',
  entryId: 'e',
  visitId: 'v',
  countyCode: '371702',
  townshipCode: '',
  workerId: 'w',
  dueOn: '2025-03-01',
  daysOverdue: 4,
};

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const REMOTE_PARENT = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});

function text(headers: Readonly<Record<string, string | Buffer>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.toString()]));
}

describe('EventPublisher', () => {
  it('publishes the encoded message keyed by the child with the platform headers', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 0 });
    const before = Date.now();
    const published = await publisher.publish(Overdue, 'c1', message);
    expect(broker.sent).toHaveLength(1);
    const { topic, record } = broker.sent[0];
    expect(topic).toBe('registry.visit.overdue.v1');
    expect(record.key).toBe('c1');
    expect(Overdue.codec.decode(record.value!)).toEqual(message);
    const h = text(record.headers);
    expect(h['event-id']).toMatch(ULID);
    expect(h['event-id']).toBe(published.eventId);
    expect(h['event-type']).toBe('registry.visit.overdue.v1');
    expect(h['schema-version']).toBe('1');
    expect(h.producer).toBe('registry');
    expect(Date.parse(h['occurred-at'])).toBeGreaterThanOrEqual(before - 1);
    expect(broker.connects).toBe(1);
  });

  it('keeps a given event id and time (republishing a known event)', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 0 });
    await publisher.publish(Overdue, 'c1', message, {
      eventId: 'KNOWN',
      occurredAt: '2025-01-02T03:04:05.000Z',
    });
    expect(text(broker.sent[0].record.headers)).toMatchObject({
      'event-id': 'KNOWN',
      'occurred-at': '2025-01-02T03:04:05.000Z',
    });
  });

  it('with no OpenTelemetry SDK registered, still propagates an incoming trace context', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 0 });
    await publisher.publish(Overdue, 'c1', message, { context: REMOTE_PARENT });
    // The API's no-op tracer hands the parent's span context through; the W3C fallback writes it.
    expect(text(broker.sent[0].record.headers).traceparent).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
  });

  it('with no SDK and no active span, writes no trace headers', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 0 });
    await publisher.publish(Overdue, 'c1', message);
    expect(Object.keys(broker.sent[0].record.headers)).not.toContain('traceparent');
  });

  it('with an SDK tracer, sends under a PRODUCER span and puts that span in traceparent', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
      't',
    );
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 0, tracer });
    const { eventId } = await publisher.publish(Overdue, 'c1', message, { context: REMOTE_PARENT });
    const [span] = exporter.getFinishedSpans();
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.name).toBe('send registry.visit.overdue.v1');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes['messaging.message.id']).toBe(eventId);
    expect(text(broker.sent[0].record.headers).traceparent).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`,
    );
  });

  it('rejects when the broker fails, and marks the span as an error', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
      't',
    );
    const broker = new RecordingEventBroker();
    broker.failNextSend = new Error('NOT_ENOUGH_REPLICAS');
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 0, tracer });
    await expect(publisher.publish(Overdue, 'c1', message)).rejects.toThrow('NOT_ENOUGH_REPLICAS');
    expect(exporter.getFinishedSpans()[0].status.code).toBe(2); // SpanStatusCode.ERROR
  });

  describe('when a produce request fails', () => {
    const fastResend = { initialDelayMs: 1, maxDelayMs: 5, jitter: 0 };

    it('re-sends the whole batch until Kafka acknowledges, and only then resolves', async () => {
      const broker = new RecordingEventBroker();
      broker.sendFailures.push(
        new BrokerSendError('kafka send failed: KafkaJSConnectionError: connect ECONNREFUSED', true),
        new BrokerSendError('kafka send failed: NOT_LEADER_OR_FOLLOWER', true),
      );
      const publisher = new EventPublisher(broker, {
        producer: 'registry',
        lingerMs: 5,
        resend: fastResend,
        logger: silentLogger,
      });
      const published = await Promise.all(
        ['c1', 'c2', 'c3'].map((k) => publisher.publish(Overdue, k, message)),
      );
      expect(broker.sendAttempts).toHaveLength(3);
      const ids = (batch: (typeof broker.sendAttempts)[number]) =>
        batch.flatMap((t) => t.records.map((r) => String(r.headers['event-id'])));
      for (const attempt of broker.sendAttempts)
        expect(ids(attempt)).toEqual(published.map((p) => p.eventId));
      expect(broker.sent.map((s) => s.record.key)).toEqual(['c1', 'c2', 'c3']);
      expect(publisher.resendStats).toEqual({ acknowledged: 1, resends: 2, failed: 0 });
    });

    it('sends what queued behind a re-sent batch only after it, in order', async () => {
      const broker = new RecordingEventBroker();
      broker.sendFailures.push(new BrokerSendError('leader moving', true));
      const publisher = new EventPublisher(broker, {
        producer: 'registry',
        lingerMs: 0,
        resend: { ...fastResend, initialDelayMs: 20, maxDelayMs: 20 },
        logger: silentLogger,
      });
      const first = publisher.publish(Overdue, 'c1', message);
      await new Promise((r) => setTimeout(r, 5)); // c1 failed once and waits to be re-sent
      const behind = publisher.publish(Overdue, 'c1', { ...message, daysOverdue: 5 });
      await Promise.all([first, behind]);
      expect(broker.sendAttempts.map((a) => a[0].records.length)).toEqual([1, 1, 1]);
      expect(broker.decoded(Overdue).map((e) => e.message.daysOverdue)).toEqual([4, 5]);
    });

    it('rejects at once on an error a re-send cannot fix', async () => {
      const broker = new RecordingEventBroker();
      broker.failNextSend = new BrokerSendError('kafka send failed: MESSAGE_TOO_LARGE', false);
      const publisher = new EventPublisher(broker, {
        producer: 'registry',
        lingerMs: 0,
        logger: silentLogger,
      });
      await expect(publisher.publish(Overdue, 'c1', message)).rejects.toThrow('MESSAGE_TOO_LARGE');
      expect(broker.sendAttempts).toHaveLength(1);
    });

    it('rejects after the deadline, and so does everything queued behind the batch', async () => {
      const broker = new RecordingEventBroker();
      for (let i = 0; i < 1000; i++)
        broker.sendFailures.push(new BrokerSendError('NOT_ENOUGH_REPLICAS', true));
      const publisher = new EventPublisher(broker, {
        producer: 'registry',
        lingerMs: 0,
        resend: { ...fastResend, deadlineMs: 200 },
        logger: silentLogger,
      });
      const first = publisher.publish(Overdue, 'c1', message);
      await new Promise((r) => setTimeout(r, 1));
      const behind = publisher.publish(Overdue, 'c2', message);
      await expect(first).rejects.toBeInstanceOf(SendDeadlineExceededError);
      await expect(behind).rejects.toBeInstanceOf(SendDeadlineExceededError);
      // It re-sent before giving up (how often depends on the machine's load, not on the rule).
      expect(broker.sendAttempts.length).toBeGreaterThanOrEqual(2);
      expect(broker.sent).toHaveLength(0);
      // The publisher carries on with what comes next.
      broker.sendFailures.length = 0;
      await expect(publisher.publish(Overdue, 'c3', message)).resolves.toBeDefined();
    });

    it('retries the connect too, inside the same deadline', async () => {
      const broker = new RecordingEventBroker();
      let connectFailures = 2;
      const producer = broker.producer();
      const connect = producer.connect;
      producer.connect = async () => {
        if (connectFailures-- > 0) throw new BrokerSendError('kafka connect failed: ECONNREFUSED', true);
        await connect();
      };
      jest.spyOn(broker, 'producer').mockReturnValue(producer);
      const publisher = new EventPublisher(broker, {
        producer: 'registry',
        lingerMs: 0,
        resend: fastResend,
        logger: silentLogger,
      });
      await publisher.publish(Overdue, 'c1', message);
      expect(broker.connects).toBe(1);
      expect(broker.sent).toHaveLength(1);
    });
  });

  it.each([['an empty key would scatter one child’s events over partitions', '']])(
    'refuses %s',
    async (_reason, key) => {
      const publisher = new EventPublisher(new RecordingEventBroker(), { producer: 'registry', lingerMs: 0 });
      await expect(publisher.publish(Overdue, key, message)).rejects.toThrow(/partition key/);
    },
  );

  it('batches concurrent publishes into one request', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 10 });
    await Promise.all([1, 2, 3].map((i) => publisher.publish(Overdue, `c${i}`, message)));
    expect(broker.sendCalls).toHaveLength(1);
    expect(broker.sendCalls[0][0].records.map((r) => r.key)).toEqual(['c1', 'c2', 'c3']);
  });

  it('close() sends what is queued, disconnects, and refuses later publishes', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry', lingerMs: 10_000 });
    const pending = publisher.publish(Overdue, 'c1', message);
    await publisher.close();
    await pending;
    expect(broker.sent).toHaveLength(1);
    expect(broker.disconnects).toBe(1);
    await expect(publisher.publish(Overdue, 'c1', message)).rejects.toThrow(/closed/);
  });

  it('ensureTopics asks the broker for the event types’ topics', async () => {
    const broker = new RecordingEventBroker();
    const publisher = new EventPublisher(broker, { producer: 'registry' });
    expect(await publisher.ensureTopics([Overdue], [{ topic: 'x.dlq.v1', partitions: 1 }], 6)).toEqual([
      'registry.visit.overdue.v1',
      'x.dlq.v1',
    ]);
    expect(await publisher.ensureTopics([Overdue])).toEqual([]);
  });
});
