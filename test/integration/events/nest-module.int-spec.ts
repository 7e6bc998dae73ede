// The Nest integration: EventsModule.forRoot provides the publisher, forConsumers registers a
// consumer and an outbox relay that start on bootstrap and stop on shutdown.
import 'reflect-metadata';
import {
  ConsumerRegistry,
  EventPublisher,
  EventsModule,
  OutboxStore,
  handle,
  outboxEntry,
  silentLogger,
  type ConsumedEvent,
} from '@care/events';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Admin } from 'kafkajs';
import type { Connection } from 'mongoose';
import { KAFKA_BROKERS, Overdue, connectDb, kafkaAdmin, overdue, overdueType, uid, waitFor } from './support';

jest.setTimeout(60_000);

const SINK = Symbol('SINK');
const CONNECTION = Symbol('CONNECTION');

describe('EventsModule', () => {
  const id = uid();
  const type = overdueType(id);
  const group = `it-nest-${id}`;
  const db = `it_nest_${id}`;
  let admin: Admin;
  let connection: Connection;

  beforeAll(async () => {
    admin = await kafkaAdmin();
    connection = await connectDb(db);
  });

  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await admin.deleteTopics({ topics: [type.topic, `${group}.dlq.v1`] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes, relays and consumes inside a Nest application, and leaves the group on close', async () => {
    const received: ConsumedEvent<Overdue>[] = [];

    @Module({
      providers: [
        { provide: SINK, useValue: received },
        { provide: CONNECTION, useValue: connection },
      ],
      exports: [SINK, CONNECTION],
    })
    class InfraModule {}

    @Module({
      imports: [
        EventsModule.forRoot({
          clientId: `it-nest-${id}`,
          brokers: KAFKA_BROKERS,
          producer: 'registry',
          produces: [type],
          topicPartitions: 2,
          logger: silentLogger,
        }),
        EventsModule.forConsumers({
          imports: [InfraModule],
          inject: [SINK, CONNECTION],
          useFactory: (sink: ConsumedEvent<Overdue>[], conn: Connection) => ({
            consumers: [{ groupId: group, subscriptions: [handle(type, async (e) => void sink.push(e))] }],
            relays: [{ sources: [new OutboxStore(conn, 'outbox_events')], pollIntervalMs: 60_000 }],
          }),
        }),
      ],
    })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const registry = app.get(ConsumerRegistry);
    expect(registry.consumers.map((c) => c.groupId)).toEqual([group]);
    expect((await admin.fetchTopicMetadata({ topics: [type.topic] })).topics[0].partitions).toHaveLength(2);

    // Direct publish.
    const direct = await app.get(EventPublisher).publish(type, 'child-1', overdue('child-1', 1));
    // Through the standalone outbox and a nudged relay (its poll interval is a minute).
    const entry = outboxEntry(type, 'child-2', overdue('child-2', 2), 'registry');
    await new OutboxStore(connection, 'outbox_events').append(entry);
    registry.nudgeRelays();

    await waitFor('both events consumed', async () => received.length >= 2);
    expect(received.map((e) => e.eventId).sort()).toEqual([direct.eventId, entry.eventId].sort());
    expect(received.every((e) => e.producer === 'registry')).toBe(true);
    // The relay marks the entry sent after the broker's ack, which may come after the consumer got it.
    await waitFor(
      'the outbox entry marked sent',
      async () => (await new OutboxStore(connection, 'outbox_events').countPending()) === 0,
    );

    await app.close();
    const [described] = (await admin.describeGroups([group])).groups;
    expect(described.members).toHaveLength(0);
  });
});
