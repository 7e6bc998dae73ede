import { EducationEvents } from '@care/contracts';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import type { BusCardsService } from './bus-cards.service';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** Education's enrolment changes: leaving or changing school revokes the child's active card. */
export function schoolingSubscriptions(cards: BusCardsService): Subscription[] {
  return [
    handle(EducationEvents.enrolmentChanged, async (e) => {
      const { childId, schoolCode, ended, changedAt, revision } = e.message;
      if (childId === '') throw new NonRetryableError(`${e.topic}: child_id is required`);
      if (!ISO_INSTANT.test(changedAt) || Number.isNaN(Date.parse(changedAt)))
        throw new NonRetryableError(
          `${e.topic}: changed_at is not an ISO-8601 instant: ${JSON.stringify(changedAt)}`,
        );
      if (!ended && schoolCode === '')
        throw new NonRetryableError(`${e.topic}: school_code is required while the child is enrolled`);
      if (!Number.isInteger(revision) || revision < 1)
        throw new NonRetryableError(`${e.topic}: revision must be a positive integer, got ${revision}`);
      await cards.applyEnrolmentChange(childId, { schoolCode, ended, revision }, changedAt);
    }),
  ];
}
