import { isLocalDate } from '@care/child-rules';
import { RegistryEvents } from '@care/contracts';
import { handle, NonRetryableError, type Subscription } from '@care/events';
import type { FamilyDoctorService } from './family-doctor.service';

/** The registry's ChildMovedOut ends the child's family-doctor contract in force ('moved-out'). */
export function moveOutSubscriptions(familyDoctor: FamilyDoctorService): Subscription[] {
  return [
    handle(RegistryEvents.childMovedOut, async (e) => {
      const childId = e.message.facts?.childId ?? '';
      if (childId === '') throw new NonRetryableError(`${e.topic}: facts.child_id is required`);
      if (!isLocalDate(e.message.movedOutOn))
        throw new NonRetryableError(
          `${e.topic}: moved_out_on is not a YYYY-MM-DD date: ${JSON.stringify(e.message.movedOutOn)}`,
        );
      await familyDoctor.endOnMoveOut(childId, e.message.movedOutOn);
    }),
  ];
}
