// Helpers for the services-catalog integration spec: the real app on the real Kafka and database.
import { common, registry } from '@care/contracts';
export { childFacts, freePort, sleep, uniqueSuffix as uid, waitFor } from '@care/service-kit/testing';

export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
export const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/';

export function registered(facts: common.ChildFacts): registry.ChildRegistered {
  return { facts, hasIdNumber: true, registeredAt: '2025-06-01T08:00:00+08:00' };
}

export function updated(facts: common.ChildFacts, changedFields: string[]): registry.ChildUpdated {
  return { facts, changedFields, updatedAt: '2025-06-01T09:00:00+08:00' };
}
