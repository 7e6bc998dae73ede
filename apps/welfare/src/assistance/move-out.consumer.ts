import { isLocalDate } from '@care/child-rules';
import { RegistryEvents } from '@care/contracts';
import { factsFromProto } from '@care/department-kit';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import type { AssistanceService } from './assistance.service';

/**
 * The registry's ChildMovedOut (迁出本市) ends the child's open assistance applications here
 * ('moved-out', as of the move-out day; see AssistanceService.endOnMoveOut). A message breaking
 * the contract goes to the dead-letter topic at once, naming the field.
 */
export function moveOutSubscriptions(assistance: AssistanceService): Subscription[] {
  return [
    handle(RegistryEvents.childMovedOut, async (e) => {
      const facts = factsFromProto(e.message.facts);
      if (!facts.ok) throw new NonRetryableError(`${e.topic}: ${facts.reason}`);
      if (!isLocalDate(e.message.movedOutOn))
        throw new NonRetryableError(
          `${e.topic}: moved_out_on is not a YYYY-MM-DD date: ${JSON.stringify(e.message.movedOutOn)}`,
        );
      await assistance.endOnMoveOut(
        facts.value.childId,
        e.message.movedOutOn,
        facts.value.version,
        e.eventId,
      );
    }),
  ];
}
