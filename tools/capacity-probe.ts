/**
 * The sizes the capacity plan (docs/operations/capacity-plan.md) is computed from, read off a
 * running platform (`npm start`): average BSON size of 500 documents of each collection, and the
 * average size (key + value + headers) of 500 messages of each topic, read from the beginning.
 *   npx tsx tools/capacity-probe.ts
 * MONGODB_URI defaults to mongodb://127.0.0.1:27017/, KAFKA_BROKERS to 127.0.0.1:19092.
 */
import { Kafka, logLevel } from 'kafkajs';
import { BSON, MongoClient } from 'mongodb';

const COLLECTIONS: readonly [string, string][] = [
  ['registry', 'children'],
  ['registry', 'audit_trail'],
  ['services_catalog', 'child_entitlements'],
  ['education', 'department_children'],
  ['gateway', 'outgoing_messages'],
  ['gateway', 'message_log'],
];
const TOPICS = ['registry.child.registered.v1', 'services-catalog.entitlement.granted.v1'];
const SAMPLE = 500;

async function documents(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    for (const [db, name] of COLLECTIONS) {
      const docs = await client.db(db).collection(name).find({}).limit(SAMPLE).toArray();
      const total = docs.reduce((sum, d) => sum + BSON.calculateObjectSize(d), 0);
      console.log(
        `${db}.${name}: ${docs.length} documents, ${docs.length ? Math.round(total / docs.length) : '-'} B each`,
      );
    }
  } finally {
    await client.close();
  }
}

async function events(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ brokers, clientId: 'capacity-probe', logLevel: logLevel.NOTHING });
  for (const topic of TOPICS) {
    const consumer = kafka.consumer({ groupId: `capacity-probe-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let count = 0;
    let bytes = 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (count >= SAMPLE) return;
          count += 1;
          bytes += (message.value?.length ?? 0) + (message.key?.length ?? 0);
          for (const [k, v] of Object.entries(message.headers ?? {}))
            bytes += k.length + String(v ?? '').length;
          if (count >= SAMPLE) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    console.log(`${topic}: ${count} messages, ${count ? Math.round(bytes / count) : '-'} B each`);
  }
}

async function main(): Promise<void> {
  await documents(process.env['MONGODB_URI'] ?? 'mongodb://127.0.0.1:27017/');
  await events((process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(','));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
