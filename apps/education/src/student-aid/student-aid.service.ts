import { Injectable, Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { assertCountyInScope, type Actor } from '@care/access';
import { compareDates, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { DeliveriesService, DepartmentProjection, serviceDepartmentScope } from '@care/department-kit';
import {
  EDUCATION_BENEFITS,
  educationBenefits,
  HEZE_BENEFIT_ITEMS,
  isSchoolYear,
  schoolYearOf,
  type EducationBenefit,
  type EducationBenefitId,
} from '@care/education-rules';
import {
  conflict,
  DomainError,
  failedPrecondition,
  invalidArgument,
  notFound,
  permissionDenied,
} from '@care/errors';
import { InjectModel, isDuplicateKey } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { EducationConfig } from '../config';
import { EnrolmentsService } from '../enrolments/enrolments.service';
import { SchoolsService } from '../schools/schools.service';
import {
  AWARD_OUTCOMES,
  awardId,
  STUDENT_AID_AWARDS,
  type AwardDocument,
  type AwardOutcome,
} from './award.schema';
import { unmetBenefitConditions } from './benefit-conditions';

/** 1万元: no single student-aid award of these benefits comes near it; a larger figure is a typing slip. */
export const MAX_AWARD_FEN = 1_000_000;

export interface AwardInput {
  readonly childId: string;
  readonly benefit: EducationBenefitId;
  readonly schoolYear?: string;
  readonly outcome: AwardOutcome;
  readonly amountFen?: number;
  readonly reason?: string;
  readonly awardedOn?: string;
}

export interface AwardView {
  readonly awardId: string;
  readonly childId: string;
  readonly countyCode: string;
  readonly benefit: EducationBenefitId;
  readonly benefitName: string;
  readonly schoolYear: string;
  readonly outcome: AwardOutcome;
  readonly outcomeText: string;
  readonly amountFen: number | null;
  /** The amount in yuan, two decimals ('1250.00'); null without an amount. */
  readonly amountYuan: string | null;
  readonly reason: string;
  readonly rule: string;
  readonly ruleReason: string;
  readonly schoolCode: string;
  readonly stage: string;
  readonly itemCode: string;
  readonly awardedOn: string;
  readonly deliveryRecorded: boolean;
  readonly deliveryId: string | null;
}

export interface StudentAidView {
  readonly childId: string;
  readonly asOf: LocalDate;
  readonly schoolYear: string;
  /** What the rules give the child on its current enrolment now (none without one). */
  readonly eligible: readonly EducationBenefit[];
  readonly awards: readonly AwardView[];
}

function viewOf(doc: AwardDocument): AwardView {
  return {
    awardId: doc._id,
    childId: doc.childId,
    countyCode: doc.countyCode,
    benefit: doc.benefit,
    benefitName: EDUCATION_BENEFITS[doc.benefit].nameZh,
    schoolYear: doc.schoolYear,
    outcome: doc.outcome,
    outcomeText: AWARD_OUTCOMES[doc.outcome],
    amountFen: doc.amountFen,
    amountYuan: doc.amountFen === null ? null : (doc.amountFen / 100).toFixed(2),
    reason: doc.reason,
    rule: doc.rule,
    ruleReason: doc.ruleReason,
    schoolCode: doc.schoolCode,
    stage: doc.stage,
    itemCode: doc.itemCode,
    awardedOn: doc.awardedOn,
    deliveryRecorded: doc.deliveryRecorded,
    deliveryId: doc.deliveryId,
  };
}

/**
 * 学生资助 (两免一补, 寄宿生生活补助, 国家助学金, 免学(杂)费, 学前教育资助): the education bureau
 * records each award for a child, checked by @care/education-rules' educationBenefits() against
 * the child's current enrolment and the registry's facts; a benefit the rules do not give is
 * refused with the rule and the unmet conditions named, and nothing is stored. One award per
 * child, benefit and school year (the key): the same award again is harmless, a different one
 * is a conflict. Each award records its service-list item's delivery through the department
 * kit (the catalogue closes the child's gap), after the award is saved; a replay mends a stop
 * in between.
 */
@Injectable()
export class StudentAidService {
  private readonly logger = new Logger('StudentAid');

  constructor(
    @InjectModel(STUDENT_AID_AWARDS) private readonly model: Model<AwardDocument>,
    private readonly projection: DepartmentProjection,
    private readonly enrolments: EnrolmentsService,
    private readonly schools: SchoolsService,
    private readonly deliveries: DeliveriesService,
    @InjectConfig() private readonly config: EducationConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async award(actor: Actor, input: AwardInput): Promise<AwardView & { replayed: boolean }> {
    if (serviceDepartmentScope(actor, this.config.SERVICE_DEPARTMENTS) === undefined)
      throw permissionDenied('只有教育部门工作人员可以登记学生资助');
    const day = today(this.clock);
    const schoolYear = input.schoolYear ?? schoolYearOf(day);
    if (!isSchoolYear(schoolYear) || schoolYear !== schoolYearOf(day))
      throw invalidArgument(
        'schoolYear',
        '须为本学年',
        `学年：按当前就读记录登记本学年（${schoolYearOf(day)}）的资助，实为 ${schoolYear}`,
      );
    const awardedOn = input.awardedOn ?? day;
    if (!isLocalDate(awardedOn) || compareDates(awardedOn, day) > 0)
      throw invalidArgument('awardedOn', '不晚于今日的日期', `发放日期：须为不晚于今日（${day}）的日期`);
    if (compareDates(awardedOn, `${schoolYear.slice(0, 4)}-09-01`) < 0)
      throw invalidArgument('awardedOn', '在本学年内', `发放日期：须在${schoolYear}学年内`);
    const { amountFen, reason } = this.checkOutcome(input);

    const child = await this.projection.child(input.childId);
    if (child === null) throw notFound('登记服务中的儿童', input.childId);
    assertCountyInScope(actor, child.countyCode);
    const current = await this.enrolments.current(input.childId);
    const name = EDUCATION_BENEFITS[input.benefit].nameZh;
    if (current === null)
      throw failedPrecondition(`${name}：该儿童当前没有就读记录，请先登记就读`, {
        field: 'childId',
        rule: '须有当前就读记录',
      });
    const school = await this.schools.find(current.schoolCode);
    const enrolment = {
      stage: current.stage,
      boarding: current.boarding,
      ...(school?.kindergartenKind ? { kindergartenKind: school.kindergartenKind } : {}),
    };
    const granted = educationBenefits(child.facts, enrolment).find((b) => b.id === input.benefit);
    if (granted === undefined) {
      const why = unmetBenefitConditions(input.benefit, child.facts, enrolment);
      throw failedPrecondition(`${name}：该儿童不符合资助条件（规则 ${why.rule}）：${why.unmet.join('；')}`, {
        field: 'benefit',
        rule: why.rule,
      });
    }
    const doc: AwardDocument = {
      _id: awardId(input.childId, input.benefit, schoolYear),
      childId: input.childId,
      countyCode: child.countyCode,
      benefit: input.benefit,
      schoolYear,
      outcome: input.outcome,
      amountFen,
      reason,
      rule: granted.rule,
      ruleReason: granted.reason,
      schoolCode: current.schoolCode,
      stage: current.stage,
      itemCode: HEZE_BENEFIT_ITEMS[input.benefit],
      awardedOn,
      recordedBy: actor.userId,
      recordedAt: this.clock.now().toISOString(),
      deliveryRecorded: false,
      deliveryId: null,
    };
    try {
      await this.model.collection.insertOne(doc as never);
      return { ...viewOf(await this.ensureDelivery(actor, doc)), replayed: false };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const stored = await this.model.findById(doc._id).lean<AwardDocument>().exec();
    if (stored === null) throw conflict('登记学生资助时发生并发冲突，请重试');
    const same =
      stored.outcome === doc.outcome &&
      stored.amountFen === doc.amountFen &&
      stored.reason === doc.reason &&
      stored.awardedOn === doc.awardedOn;
    if (!same)
      throw conflict(
        `${name}：该儿童${schoolYear}学年已登记（${AWARD_OUTCOMES[stored.outcome]}，${stored.awardedOn}），每学年只登记一次`,
        { field: 'benefit', rule: '每名儿童每学年每项资助只登记一次' },
      );
    return { ...viewOf(await this.ensureDelivery(actor, stored)), replayed: true };
  }

  async forChild(actor: Actor, childId: string): Promise<StudentAidView> {
    const child = await this.projection.child(childId);
    if (child === null) throw notFound('登记服务中的儿童', childId);
    assertCountyInScope(actor, child.countyCode);
    const day = today(this.clock);
    const [current, docs] = await Promise.all([
      this.enrolments.current(childId),
      this.model.find({ childId }).sort({ _id: 1 }).lean<AwardDocument[]>().exec(),
    ]);
    const school = current === null ? undefined : await this.schools.find(current.schoolCode);
    const eligible =
      current === null
        ? []
        : educationBenefits(child.facts, {
            stage: current.stage,
            boarding: current.boarding,
            ...(school?.kindergartenKind ? { kindergartenKind: school.kindergartenKind } : {}),
          });
    return { childId, asOf: day, schoolYear: schoolYearOf(day), eligible, awards: docs.map(viewOf) };
  }

  /** Amount and reason as the benefit's form and the outcome allow them. */
  private checkOutcome(input: AwardInput): { amountFen: number | null; reason: string } {
    const { form, nameZh } = EDUCATION_BENEFITS[input.benefit];
    const reason = (input.reason ?? '').normalize('NFKC').trim();
    const amount = input.amountFen;
    if (input.outcome === 'refused') {
      if (reason === '')
        throw invalidArgument(
          'reason',
          '未发放须说明原因',
          '未发放原因：登记为未发放（refused）时须填写原因',
        );
      if (amount !== undefined)
        throw invalidArgument('amountFen', '未发放不填金额', '金额：登记为未发放时不填写金额');
      return { amountFen: null, reason };
    }
    if (reason !== '')
      throw invalidArgument('reason', '仅未发放填写原因', '未发放原因：只在登记为未发放（refused）时填写');
    if (amount !== undefined && (!Number.isInteger(amount) || amount < 1 || amount > MAX_AWARD_FEN))
      throw invalidArgument('amountFen', '金额范围', `金额：须为1至${MAX_AWARD_FEN}分之间的整数（分）`);
    if (form === 'cash' && amount === undefined)
      throw invalidArgument('amountFen', '发放资金须填金额', `金额：${nameZh}为资金发放，须填写金额（分）`);
    if (form === 'in-kind' && amount !== undefined)
      throw invalidArgument('amountFen', '实物不填金额', `金额：${nameZh}为实物发放，不填写金额`);
    return { amountFen: amount ?? null, reason: '' };
  }

  /**
   * Records the award as what became of its item (HEZE_BENEFIT_ITEMS): a grant as delivered, a
   * refusal as refused with its reason. An item already delivered (the enrolment delivers the
   * stage's item) is not recorded again, and a refusal never overturns a delivery. A child the
   * catalogue has not granted the item (or whose item closed) keeps `deliveryRecorded: false`:
   * the award stands, there is no gap to close; the same request again records it once it is.
   */
  private async ensureDelivery(actor: Actor, doc: AwardDocument): Promise<AwardDocument> {
    if (doc.deliveryRecorded) return doc;
    let deliveryId: string | null;
    try {
      const owed = (await this.deliveries.forChild(actor, doc.childId)).find(
        (e) => e.itemCode === doc.itemCode,
      );
      const previous = owed?.delivery ?? null;
      if (owed !== undefined && previous !== null && previous.outcome === 'delivered')
        deliveryId = previous.deliveryId;
      else if (
        owed !== undefined &&
        previous !== null &&
        previous.outcome === 'refused' &&
        doc.outcome === 'refused'
      )
        deliveryId = previous.deliveryId;
      else {
        const recorded = await this.deliveries.record(actor, {
          childId: doc.childId,
          itemCode: doc.itemCode,
          outcome: doc.outcome === 'granted' ? 'delivered' : 'refused',
          onDate: doc.awardedOn,
          reason: doc.reason,
        });
        deliveryId = recorded.delivery?.deliveryId ?? null;
      }
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      ) {
        this.logger.log({
          msg: 'award recorded; no open entitlement to deliver',
          benefit: doc.benefit,
          itemCode: doc.itemCode,
        });
        return doc;
      }
      throw error;
    }
    await this.model.collection.updateOne(
      { _id: doc._id, deliveryRecorded: false } as never,
      { $set: { deliveryRecorded: true, deliveryId } } as never,
    );
    return { ...doc, deliveryRecorded: true, deliveryId };
  }
}
