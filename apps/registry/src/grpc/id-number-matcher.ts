import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { ulid } from 'ulid';
import { actorCoversCounty, type Actor } from '@care/access';
import { today } from '@care/child-rules';
import { registry } from '@care/contracts';
import { invalidArgument } from '@care/errors';
import { validateIdNumber } from '@care/identity';
import { InjectModel, oneOf } from '@care/persistence';
import { AuditTrail, InjectClock, normalisePurpose, type Clock } from '@care/service-kit';
import { CHILD_MODEL } from '../children/child.schema';
import type { ChildRecord } from '../children/child.types';
import { PersonalDataService } from '../personal-data/personal-data.service';

/** One call matches at most one roster page's numbers. */
export const MAX_MATCH_ID_NUMBERS = 500;

const Outcome = registry.IdNumberMatchOutcome;

/**
 * Which children a list of ID numbers names, for a department that already holds the numbers
 * (a school's roster, 学籍名单). It answers child ids only, never a personal field; a number of
 * a child outside the caller's counties is reported as such without the child's id, so a
 * department can say "registered in another county" and learns nothing more. Each call is
 * audited once per county whose children were matched (action `match`, the count, the purpose).
 */
@Injectable()
export class IdNumberMatcher {
  constructor(
    @InjectModel(CHILD_MODEL) private readonly model: Model<ChildRecord>,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditTrail,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async match(
    actor: Actor,
    idNumbers: readonly string[],
    purpose: string,
  ): Promise<registry.MatchChildrenByIdNumberResponse> {
    if (idNumbers.length === 0 || idNumbers.length > MAX_MATCH_ID_NUMBERS)
      throw invalidArgument(
        'id_numbers',
        `1至${MAX_MATCH_ID_NUMBERS}个`,
        `身份证号列表（id_numbers）：每次1至${MAX_MATCH_ID_NUMBERS}个，实为${idNumbers.length}个`,
      );
    const statedPurpose = normalisePurpose(purpose);
    const asOf = today(this.clock);
    const candidates = idNumbers.map((raw) => {
      const id = validateIdNumber(raw ?? '', { asOf });
      return id.ok
        ? { ok: true as const, indexes: this.personalData.idNumberIndexCandidates(id.normalized) }
        : { ok: false as const, reason: id.reasons.join(',') };
    });
    const allIndexes = [...new Set(candidates.flatMap((c) => (c.ok ? c.indexes : [])))];
    const found =
      allIndexes.length === 0
        ? []
        : await this.model
            .find({ idNumberIndex: oneOf(allIndexes) }, { _id: 1, idNumberIndex: 1, countyCode: 1 })
            .lean<Pick<ChildRecord, '_id' | 'idNumberIndex' | 'countyCode'>[]>()
            .exec();
    const byIndex = new Map(found.map((r) => [r.idNumberIndex, r]));
    const perCounty = new Map<string, number>();
    const matches = candidates.map((c, index): registry.IdNumberMatch => {
      const none = { index, childId: '', countyCode: '', invalidReason: '' };
      if (!c.ok)
        return { ...none, outcome: Outcome.ID_NUMBER_MATCH_OUTCOME_INVALID, invalidReason: c.reason };
      const record = c.indexes.map((i) => byIndex.get(i)).find((r) => r !== undefined);
      if (record === undefined) return { ...none, outcome: Outcome.ID_NUMBER_MATCH_OUTCOME_NOT_REGISTERED };
      perCounty.set(record.countyCode, (perCounty.get(record.countyCode) ?? 0) + 1);
      if (!actorCoversCounty(actor, record.countyCode))
        return { ...none, outcome: Outcome.ID_NUMBER_MATCH_OUTCOME_OUTSIDE_SCOPE };
      return {
        ...none,
        outcome: Outcome.ID_NUMBER_MATCH_OUTCOME_MATCHED,
        childId: record._id,
        countyCode: record.countyCode,
      };
    });
    const matchId = ulid();
    for (const [countyCode, recordCount] of perCounty)
      await this.audit.record({
        userId: actor.userId,
        role: actor.role,
        department: actor.department,
        action: 'match',
        recordId: `match:${matchId}`,
        field: 'idNumber',
        purpose: statedPurpose,
        countyCode,
        recordCount,
      });
    return { matches };
  }
}
