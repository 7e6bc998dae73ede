import { Injectable } from '@nestjs/common';
import { assertCountyInScope, type Actor } from '@care/access';
import { today, type LocalDate } from '@care/child-rules';
import { DepartmentProjection } from '@care/department-kit';
import { resolveDivision } from '@care/divisions';
import {
  examEligibility,
  SHANDONG_EXAM_RULE,
  type EnrolmentPeriod as ExamPeriod,
  type ExamVerdict,
} from '@care/education-rules';
import { notFound } from '@care/errors';
import { InjectClock, type Clock } from '@care/service-kit';
import type { EnrolmentPeriod } from '../enrolments/enrolment.schema';
import { EnrolmentsService } from '../enrolments/enrolments.service';

export interface ExamEligibilityView {
  readonly childId: string;
  readonly asOf: LocalDate;
  /** The city of residence (中考 is local to it, 高考 to its province). */
  readonly residenceCityCode: string;
  /** As given by the officer (the registry does not record 居住证); null when not given. */
  readonly residencePermit: boolean | null;
  readonly zhongkao: ExamVerdict;
  readonly gaokao: ExamVerdict;
  /** The local periods counted: every enrolment of the child, earliest first. */
  readonly periods: readonly ExamPeriod[];
}

/** The enrolment history as the exam rules read it: each period with its school's county. */
export function examPeriods(periods: readonly EnrolmentPeriod[]): ExamPeriod[] {
  return periods.map((p) => ({
    stage: p.stage,
    schoolCountyCode: p.countyCode,
    from: p.enrolledOn,
    ...(p.endedOn === undefined ? {} : { to: p.endedOn }),
  }));
}

/**
 * 随迁子女在居住地参加中考/高考: the verdicts of @care/education-rules' examEligibility (Shandong's
 * rule) on the child's enrolment history as this bureau recorded it, every unmet condition
 * named, on the periods EnrolmentsService keeps.
 */
@Injectable()
export class ExamEligibilityService {
  constructor(
    private readonly enrolments: EnrolmentsService,
    private readonly projection: DepartmentProjection,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async forChild(actor: Actor, childId: string, residencePermit?: boolean): Promise<ExamEligibilityView> {
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记服务中的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    const periods = examPeriods(await this.enrolments.periods(childId));
    const asOf = today(this.clock);
    const residenceCityCode =
      resolveDivision(child.countyCode)?.cityCode ?? `${child.countyCode.slice(0, 4)}00`;
    const verdicts = examEligibility(periods, SHANDONG_EXAM_RULE, asOf, {
      residenceCityCode,
      ...(residencePermit === undefined ? {} : { residencePermit }),
    });
    return {
      childId,
      asOf,
      residenceCityCode,
      residencePermit: residencePermit ?? null,
      ...verdicts,
      periods,
    };
  }
}
