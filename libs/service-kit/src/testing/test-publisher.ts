import type { EventType } from '@care/contracts';
import { EventPublisher, KafkaEventBroker, silentLogger } from '@care/events';

/**
 * Publishes events as another service would (e.g. the registry's facts to a department test
 * app), on the test app's suffixed topics, with the topics created up front.
 */
export class TestPublisher {
  private constructor(
    private readonly broker: KafkaEventBroker,
    readonly publisher: EventPublisher,
  ) {}

  static async open(
    brokers: readonly string[],
    topicSuffix: string,
    types: readonly EventType<unknown>[],
    producer = 'test',
  ): Promise<TestPublisher> {
    const broker = new KafkaEventBroker({
      clientId: `test-publisher-${process.pid}`,
      brokers,
      logger: silentLogger,
      topicSuffix,
    });
    const publisher = new EventPublisher(broker, { producer });
    await publisher.connect();
    await publisher.ensureTopics(types, [], 3);
    return new TestPublisher(broker, publisher);
  }

  async publish<T>(type: EventType<T>, key: string, message: T): Promise<string> {
    return (await this.publisher.publish(type, key, message)).eventId;
  }

  /** Raw bytes on a type's topic with the platform's headers (a poison message: not the type's encoding). */
  async publishRaw(type: EventType<unknown>, key: string, value: Buffer, eventId: string): Promise<void> {
    const raw = this.broker.producer({ requestTimeoutMs: 10_000 });
    await raw.connect();
    try {
      await raw.send([
        {
          topic: type.topic,
          records: [
            {
              key,
              value,
              headers: {
                'event-id': eventId,
                'event-type': type.topic,
                'schema-version': String(type.schemaVersion),
              },
            },
          ],
        },
      ]);
    } finally {
      await raw.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.publisher.close();
    await this.broker.close();
  }
}
