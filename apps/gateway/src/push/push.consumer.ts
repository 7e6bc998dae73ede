import { RegistryEvents } from '@care/contracts';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import type { ChildChange, PushService } from './push.service';

const INSTANT = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/;

function childIdOf(value: string | undefined, topic: string): string {
  const childId = (value ?? '').trim();
  if (childId === '') throw new NonRetryableError(`${topic}: child_id is required`);
  return childId;
}

function instantOf(value: string, field: string, topic: string): string {
  if (!INSTANT.test(value) || Number.isNaN(Date.parse(value)))
    throw new NonRetryableError(`${topic}: ${field} is not an ISO-8601 instant: ${JSON.stringify(value)}`);
  return new Date(value).toISOString();
}

/**
 * The registry's child events that change what a hukou city is told: the facts (registered,
 * updated, migrant status, moved out) and the key-care ledger (opened, closed). A message
 * breaking its contract goes to the dead-letter topic at once, naming the field. `written` is
 * told when a message was written (the sender then sends at once instead of at its next poll).
 */
export function pushSubscriptions(push: PushService, written: () => void = () => undefined): Subscription[] {
  const apply = async (change: ChildChange): Promise<void> => {
    if ((await push.onChange(change)) !== undefined) written();
  };
  const facts = (topic: string, facts: { childId: string; version: number | string } | undefined) =>
    apply({
      kind: 'facts',
      childId: childIdOf(facts?.childId, topic),
      factsVersion: Number(facts?.version ?? 0),
    });
  return [
    handle(RegistryEvents.childRegistered, (e) => facts(e.topic, e.message.facts)),
    handle(RegistryEvents.childUpdated, (e) => facts(e.topic, e.message.facts)),
    handle(RegistryEvents.migrantStatusChanged, (e) => facts(e.topic, e.message.facts)),
    handle(RegistryEvents.childMovedOut, (e) => facts(e.topic, e.message.facts)),
    handle(RegistryEvents.keyCareEntryAdded, (e) =>
      apply({
        kind: 'key-care',
        childId: childIdOf(e.message.childId, e.topic),
        open: true,
        at: instantOf(e.message.changedAt, 'changed_at', e.topic),
      }),
    ),
    handle(RegistryEvents.keyCareEntryClosed, (e) =>
      apply({
        kind: 'key-care',
        childId: childIdOf(e.message.childId, e.topic),
        open: false,
        at: instantOf(e.message.closedAt, 'closed_at', e.topic),
      }),
    ),
  ];
}
