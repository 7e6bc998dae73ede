import type { EventType } from '@care/contracts';
import type {
  BrokerConsumer,
  BrokerProducer,
  EventBroker,
  OutgoingRecord,
  TopicRecords,
  TopicSpec,
} from '../broker';
import { EventHeader } from '../headers';

export interface RecordedRecord {
  readonly topic: string;
  readonly record: OutgoingRecord;
}

/**
 * An EventBroker for unit tests of services that publish: it records what would have been sent
 * (and can be told to fail), with no Kafka. A failure that may pass is a
 * `new BrokerSendError(message, true)`: the publisher re-sends the batch, as it would to Kafka. Consuming is not faked here: unit-test handlers by
 * calling them, and the consumer loop through BatchProcessor with fake BatchControls.
 */
export class RecordingEventBroker implements EventBroker {
  readonly sent: RecordedRecord[] = [];
  /** Sends that succeeded. */
  readonly sendCalls: TopicRecords[][] = [];
  /** Every send, failed ones included. */
  readonly sendAttempts: TopicRecords[][] = [];
  readonly createdTopics: TopicSpec[] = [];
  /** When set, the next send rejects with it (and clears it). */
  failNextSend: Error | undefined;
  /** Rejections for the sends after that, one per send, in order. */
  readonly sendFailures: Error[] = [];
  connects = 0;
  disconnects = 0;

  producer(): BrokerProducer {
    return {
      connect: async () => {
        this.connects += 1;
      },
      disconnect: async () => {
        this.disconnects += 1;
      },
      send: async (batch) => {
        this.sendAttempts.push(batch.map((t) => ({ topic: t.topic, records: [...t.records] })));
        const failure = this.failNextSend ?? this.sendFailures.shift();
        this.failNextSend = undefined;
        if (failure) throw failure;
        this.sendCalls.push(batch.map((t) => ({ topic: t.topic, records: [...t.records] })));
        for (const t of batch) for (const record of t.records) this.sent.push({ topic: t.topic, record });
      },
    };
  }

  consumer(): BrokerConsumer {
    throw new Error('RecordingEventBroker does not consume: drive BatchProcessor with fake BatchControls');
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<string[]> {
    const known = new Set(this.createdTopics.map((s) => s.topic));
    const created = specs.filter((s) => !known.has(s.topic));
    this.createdTopics.push(...created);
    return created.map((s) => s.topic);
  }

  async close(): Promise<void> {}

  /** The decoded messages sent on `type`'s topic, with their event ids and keys. */
  decoded<T>(type: EventType<T>): { eventId: string; key: string; message: T }[] {
    return this.sent
      .filter((s) => s.topic === type.topic)
      .map(({ record }) => ({
        eventId: String(record.headers[EventHeader.eventId]),
        key: String(record.key),
        message: type.codec.decode(record.value ?? new Uint8Array()),
      }));
  }
}
