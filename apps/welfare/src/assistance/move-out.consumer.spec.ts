import { RegistryEvents, registry } from '@care/contracts';
import { NonRetryableError } from '@care/events';
import { childFacts } from '@care/service-kit/testing';
import type { AssistanceService } from './assistance.service';
import { moveOutSubscriptions } from './move-out.consumer';

/** Runs the subscription on the encoded message, as the consumer runner would. */
async function deliver(message: registry.ChildMovedOut, calls: unknown[][]): Promise<void> {
  const service = {
    endOnMoveOut: async (...args: unknown[]) => {
      calls.push(args);
      return [];
    },
  } as unknown as AssistanceService;
  const [subscription] = moveOutSubscriptions(service);
  const run = subscription.decode(Buffer.from(RegistryEvents.childMovedOut.codec.encode(message).finish()));
  await run(
    {
      eventId: 'ev-1',
      topic: RegistryEvents.childMovedOut.topic,
      partition: 0,
      offset: '0',
      key: 'c-1',
      producer: 'registry',
      occurredAt: '2026-06-15T08:00:00+08:00',
      schemaVersion: 1,
      headers: {},
    },
    { attempt: 1, heartbeat: async () => undefined },
  );
}

describe('the move-out consumer', () => {
  it('hands the child, the move-out day, the registry version and the event id to the service', async () => {
    const calls: unknown[][] = [];
    await deliver(
      { facts: childFacts('c-1', 7, { movedOut: true }), movedOutOn: '2026-06-15', toDivisionCode: '' },
      calls,
    );
    expect(calls).toEqual([['c-1', '2026-06-15', 7, 'ev-1']]);
  });

  it.each<[string, registry.ChildMovedOut, RegExp]>([
    ['no facts', { facts: undefined, movedOutOn: '2026-06-15', toDivisionCode: '' }, /facts missing/],
    [
      'no child id',
      { facts: childFacts('', 7, {}), movedOutOn: '2026-06-15', toDivisionCode: '' },
      /facts\.child_id empty/,
    ],
    [
      'a move-out day that is not a date',
      { facts: childFacts('c-1', 7, {}), movedOutOn: '2026-6-15', toDivisionCode: '' },
      /moved_out_on is not a YYYY-MM-DD date: "2026-6-15"/,
    ],
    [
      'no move-out day',
      { facts: childFacts('c-1', 7, {}), movedOutOn: '', toDivisionCode: '' },
      /moved_out_on is not a YYYY-MM-DD date/,
    ],
  ])('sends %s to the dead-letter topic at once, naming the field', async (_why, message, error) => {
    const calls: unknown[][] = [];
    const attempt = deliver(message, calls);
    await expect(attempt).rejects.toThrow(NonRetryableError);
    await expect(deliver(message, calls)).rejects.toThrow(error);
    expect(calls).toEqual([]);
  });
});
