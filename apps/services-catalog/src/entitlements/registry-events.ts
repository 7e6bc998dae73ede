import { common, RegistryEvents } from '@care/contracts';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import { factsFromProto } from '@care/department-kit';
import type { EntitlementEngine } from './entitlement-engine';

/**
 * The registry events that carry a child's facts. All four are handled alike: keep the highest
 * facts version and recompute. A message breaking the contract goes to the dead-letter topic
 * at once (a retry cannot fix it); anything else is retried by the consumer.
 */
export function registrySubscriptions(engine: EntitlementEngine): Subscription[] {
  const apply = async (facts: common.ChildFacts | undefined, topic: string): Promise<void> => {
    const read = factsFromProto(facts);
    if (!read.ok) throw new NonRetryableError(`${topic}: ${read.reason}`);
    await engine.applyFacts(read.value);
  };
  return [
    handle(RegistryEvents.childRegistered, (event) => apply(event.message.facts, event.topic)),
    handle(RegistryEvents.childUpdated, (event) => apply(event.message.facts, event.topic)),
    handle(RegistryEvents.migrantStatusChanged, (event) => apply(event.message.facts, event.topic)),
    handle(RegistryEvents.childMovedOut, (event) => apply(event.message.facts, event.topic)),
  ];
}
