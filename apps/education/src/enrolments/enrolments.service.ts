import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { assertCountyInScope, type Actor } from '@care/access';
import { compareDates, isLocalDate, today, type LocalDate } from '@care/child-rules';
import { InjectConfig } from '@care/config';
import { EducationEvents } from '@care/contracts';
import { DeliveriesService, DepartmentProjection } from '@care/department-kit';
import {
  ADVISORY_ENROLMENT_RULES,
  gradeById,
  gradeLabel,
  isGradeId,
  isPlacement,
  schoolYearOf,
  validateEnrolment,
  type EducationProblem,
  type EnrolmentRule,
  type GradeId,
  type School,
  type SchoolStage,
} from '@care/education-rules';
import { ConsumerRegistry, outboxEntry, withOutboxUpdate } from '@care/events';
import { conflict, DomainError, failedPrecondition, invalidArgument, notFound } from '@care/errors';
import { InjectModel, oneOf } from '@care/persistence';
import { InjectClock, type Clock } from '@care/service-kit';
import type { EducationConfig } from '../config';
import { SchoolsService } from '../schools/schools.service';
import {
  END_REASONS,
  ENROLMENTS,
  type EndReason,
  type EnrolmentDocument,
  type EnrolmentPeriod,
} from './enrolment.schema';
import { placementToProto, stageToProto } from './proto-mapping';

export interface EnrolInput {
  readonly childId: string;
  readonly schoolCode: string;
  readonly grade: string;
  readonly placement: string;
  readonly enrolledOn: string;
  readonly boarding?: boolean;
}

export interface EndEnrolmentInput {
  readonly endedOn: string;
  readonly reason: string;
}

export interface SchoolingView {
  readonly childId: string;
  readonly current: (EnrolmentPeriod & { readonly schoolName: string; readonly gradeLabel: string }) | null;
  readonly history: readonly EnrolmentPeriod[];
  /** Advisory findings of the last change (e.g. a school outside the child's residence county). */
  readonly warnings: readonly EducationProblem[];
}

export interface EnrolmentCountRow {
  readonly countyCode: string;
  readonly stage: SchoolStage;
  readonly children: number;
  readonly governmentPurchased: number;
}

const MAX_WRITE_ATTEMPTS = 5;

/** The same enrolment entered again (a retry, the same roster twice): it is one. */
type PeriodKey = Pick<EnrolmentPeriod, 'schoolCode' | 'grade' | 'placement' | 'boarding' | 'enrolledOn'>;

export function samePeriod(a: PeriodKey | null | undefined, b: PeriodKey): boolean {
  return (
    a != null &&
    a.schoolCode === b.schoolCode &&
    a.grade === b.grade &&
    a.placement === b.placement &&
    a.boarding === b.boarding &&
    a.enrolledOn === b.enrolledOn
  );
}

/** A new period may not begin before the current one did (a late or mistaken entry). */
export function earlierThanCurrent(
  period: Pick<EnrolmentPeriod, 'enrolledOn'>,
  current: Pick<EnrolmentPeriod, 'enrolledOn'> | null | undefined,
): EducationProblem | undefined {
  if (current == null || compareDates(period.enrolledOn, current.enrolledOn) >= 0) return undefined;
  return {
    field: 'enrolledOn',
    rule: '不早于当前就读的入学日期',
    message: `入学日期：早于当前就读记录的入学日期 ${current.enrolledOn}`,
  };
}

/**
 * Enrolments (学籍/就读): a child enters a school of the list in a grade on a place, changes
 * school or grade, or leaves. The rules are @care/education-rules' (grade fits age and stage,
 * the school offers the stage, purchased places only where the school takes them, dates);
 * advisory findings come back as warnings. Each change is one conditional write with its
 * EnrolmentChanged event in the outbox.
 */
/** A child's current period, with the school's name and the record's revision. */
export type CurrentSchooling = EnrolmentPeriod & { childId: string; schoolName: string; revision: number };

@Injectable()
export class EnrolmentsService {
  constructor(
    @InjectModel(ENROLMENTS) private readonly model: Model<EnrolmentDocument>,
    private readonly schools: SchoolsService,
    private readonly projection: DepartmentProjection,
    private readonly deliveries: DeliveriesService,
    private readonly relays: ConsumerRegistry,
    @InjectConfig() private readonly config: EducationConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async enrol(actor: Actor, input: EnrolInput): Promise<SchoolingView> {
    const school = await this.schools.find(input.schoolCode);
    if (school === undefined)
      throw invalidArgument(
        'schoolCode',
        '须为学校名单中的学校',
        `学校标识码：学校名单中没有 ${input.schoolCode}，请先导入学校名单`,
      );
    assertCountyInScope(actor, school.countyCode);
    const [child] = await this.projection.childrenByIds([input.childId]);
    if (child === undefined) throw notFound('登记服务中的儿童', input.childId);
    const assessed = this.assess(actor, input, school, {
      birthDate: child.facts.birthDate,
      countyCode: child.countyCode,
    });
    if (!assessed.ok) {
      const [first] = assessed.problems;
      throw invalidArgument(first.field, first.rule, assessed.problems.map((p) => p.message).join('；'));
    }
    const { period, advisory } = assessed;
    const doc = await this.change(input.childId, (before) => {
      const same = before?.current;
      if (samePeriod(same, period)) return undefined; // the same enrolment twice is one
      const earlier = earlierThanCurrent(period, same);
      if (earlier !== undefined) throw invalidArgument(earlier.field, earlier.rule, earlier.message);
      const history = same
        ? [
            ...(before?.history ?? []),
            {
              ...same,
              endedOn: period.enrolledOn,
              endReason:
                same.schoolCode === period.schoolCode
                  ? ('grade-changed' as const)
                  : ('transferred-out' as const),
            },
          ]
        : (before?.history ?? []);
      return { current: period, history };
    });
    if (doc.current !== null) await this.recordEnrolmentDelivery(actor, input.childId, doc.current);
    return this.view(doc, advisory);
  }

  /**
   * The checks of an enrolment without its write (the roster import checks a whole file before
   * it writes a row): the grade and placement vocabularies, then @care/education-rules'
   * validateEnrolment against the school and the child. Blocking problems, or the period to
   * store with the advisory findings.
   */
  assess(
    actor: Actor,
    input: EnrolInput,
    school: School,
    child: { readonly birthDate: LocalDate; readonly countyCode: string },
  ):
    | { readonly ok: true; readonly period: EnrolmentPeriod; readonly advisory: EducationProblem[] }
    | { readonly ok: false; readonly problems: EducationProblem[] } {
    if (!isGradeId(input.grade))
      return {
        ok: false,
        problems: [
          {
            field: 'grade',
            rule: '年级编码',
            message: `年级：不是已知年级编码（如 primary-3、junior-secondary-1），实为 ${input.grade}`,
          },
        ],
      };
    if (!isPlacement(input.placement))
      return {
        ok: false,
        problems: [
          {
            field: 'placement',
            rule: '学位类型',
            message: '学位类型：须为 public-school、government-purchased-place 或 private-self-paid',
          },
        ],
      };
    const grade: GradeId = input.grade;
    const enrolment = {
      childId: input.childId,
      schoolCode: school.code,
      stage: gradeById(grade).stage,
      grade,
      placement: input.placement,
      enrolledOn: input.enrolledOn,
      schoolYear: isLocalDate(input.enrolledOn) ? schoolYearOf(input.enrolledOn) : '',
    };
    const problems = validateEnrolment(enrolment, school, child, today(this.clock));
    const isAdvisory = (p: EducationProblem) => ADVISORY_ENROLMENT_RULES.includes(p.rule as EnrolmentRule);
    const blocking = problems.filter((p) => !isAdvisory(p));
    if (blocking.length > 0) return { ok: false, problems: blocking };
    return {
      ok: true,
      advisory: problems.filter(isAdvisory),
      period: {
        schoolCode: school.code,
        countyCode: school.countyCode,
        stage: enrolment.stage,
        grade,
        placement: input.placement,
        boarding: input.boarding ?? false,
        enrolledOn: input.enrolledOn,
        schoolYear: enrolment.schoolYear,
        recordedBy: actor.userId,
        recordedAt: this.clock.now().toISOString(),
      },
    };
  }

  /**
   * An enrolment is the delivery of its stage's item (ENROLMENT_DELIVERS_ITEMS: 义务教育服务 for
   * primary and junior secondary, ...): recorded in the department's records, so the catalogue
   * closes the gap, when the catalogue granted the item to the child. The enrolment is saved
   * first; the same enrolment again (a retry) records it if a stop came between. The record is
   * idempotent; a child not entitled to the item has nothing to record.
   */
  private async recordEnrolmentDelivery(
    actor: Actor,
    childId: string,
    period: EnrolmentPeriod,
  ): Promise<void> {
    const itemCode = this.config.ENROLMENT_DELIVERS_ITEMS[period.stage];
    if (itemCode === undefined) return;
    try {
      await this.deliveries.record(actor, {
        childId,
        itemCode,
        outcome: 'delivered',
        onDate: period.enrolledOn,
      });
    } catch (error) {
      if (
        error instanceof DomainError &&
        (error.code === 'not-found' || error.code === 'failed-precondition')
      )
        return;
      throw error;
    }
  }

  /**
   * The registry says the child moved out on `movedOutOn`: a current enrolment that began on or
   * before that day ends then ('moved-out'); one begun later (the child came back and enrolled
   * again) and a child with none are left alone, so a replayed or late event changes nothing.
   */
  async endOnMoveOut(childId: string, movedOutOn: LocalDate): Promise<boolean> {
    const before = await this.model.findById(childId).lean<EnrolmentDocument>().exec();
    const current = before?.current;
    if (current == null || compareDates(current.enrolledOn, movedOutOn) > 0) return false;
    await this.change(childId, (latest) => {
      const now = latest?.current;
      if (now == null || compareDates(now.enrolledOn, movedOutOn) > 0) return undefined;
      return {
        current: null,
        history: [
          ...(latest?.history ?? []),
          { ...now, endedOn: movedOutOn, endReason: 'moved-out' as const },
        ],
      };
    });
    return true;
  }

  async end(actor: Actor, childId: string, input: EndEnrolmentInput): Promise<SchoolingView> {
    if (!(input.reason in END_REASONS))
      throw invalidArgument(
        'reason',
        '离校原因',
        `离校原因：须为 ${Object.keys(END_REASONS).join('、')} 之一`,
      );
    if (!isLocalDate(input.endedOn))
      throw invalidArgument('endedOn', '日期格式', '离校日期：须为 YYYY-MM-DD 日期');
    if (compareDates(input.endedOn, today(this.clock)) > 0)
      throw invalidArgument('endedOn', '不晚于今日', '离校日期：不能晚于今日');
    const doc = await this.change(childId, (before) => {
      const current = before?.current;
      if (current == null)
        throw failedPrecondition('该儿童当前没有就读记录', { field: 'childId', rule: '须有当前就读记录' });
      assertCountyInScope(actor, current.countyCode);
      if (compareDates(input.endedOn as LocalDate, current.enrolledOn) < 0)
        throw invalidArgument('endedOn', '不早于入学日期', `离校日期：早于入学日期 ${current.enrolledOn}`);
      return {
        current: null,
        history: [
          ...(before?.history ?? []),
          { ...current, endedOn: input.endedOn, endReason: input.reason as EndReason },
        ],
      };
    });
    return this.view(doc, []);
  }

  async schooling(actor: Actor, childId: string): Promise<SchoolingView> {
    const doc = await this.model.findById(childId).lean<EnrolmentDocument>().exec();
    if (doc === null) throw notFound('儿童的就读记录', childId);
    const county = doc.current?.countyCode ?? doc.history.at(-1)?.countyCode ?? '';
    assertCountyInScope(actor, county);
    return this.view(doc, []);
  }

  /** Every period of the child, ended ones and the current one, earliest first (for the exam rules). */
  async periods(childId: string): Promise<EnrolmentPeriod[]> {
    const doc = await this.model
      .findById(childId, { current: 1, history: 1 })
      .lean<Pick<EnrolmentDocument, 'current' | 'history'>>()
      .exec();
    if (doc === null) return [];
    return [...doc.history, ...(doc.current == null ? [] : [doc.current])].sort((a, b) =>
      compareDates(a.enrolledOn, b.enrolledOn),
    );
  }

  /** The current enrolment for another service (the registry's 就读学校/年级), or null. */
  async current(childId: string): Promise<CurrentSchooling | null> {
    return (await this.currentMany([childId]))[0] ?? null;
  }

  /** The current enrolments of these children (those without one are left out), with school names. */
  async currentMany(childIds: readonly string[]): Promise<CurrentSchooling[]> {
    if (childIds.length === 0) return [];
    const docs = await this.model
      .find({ _id: oneOf([...childIds]) })
      .lean<EnrolmentDocument[]>()
      .exec();
    const enrolled = docs.filter((d) => d.current != null);
    const schools = await this.schools.findMany([
      ...new Set(enrolled.map((d) => (d.current as EnrolmentPeriod).schoolCode)),
    ]);
    const names = new Map(schools.map((school) => [school.code, school.name]));
    return enrolled.map((d) => {
      const current = d.current as EnrolmentPeriod;
      return {
        ...current,
        childId: d._id,
        schoolName: names.get(current.schoolCode) ?? '',
        revision: d.revision,
      };
    });
  }

  /** Current enrolments per county and stage, with the purchased places among them. */
  async counts(countyCodes: readonly string[]): Promise<EnrolmentCountRow[]> {
    const rows = new Map<
      string,
      { countyCode: string; stage: SchoolStage; children: number; governmentPurchased: number }
    >();
    // A cursor over the current enrolments of the counties: FerretDB v1's $group support is
    // partial, so the tally is made here; at a few hundred thousand children per city that is
    // a one-second scan of small documents.
    const cursor = this.model
      .find({ 'current.countyCode': oneOf([...countyCodes]) }, { current: 1 })
      .lean<Pick<EnrolmentDocument, 'current'>[]>()
      .cursor();
    for await (const doc of cursor as AsyncIterable<Pick<EnrolmentDocument, 'current'>>) {
      const c = doc.current;
      if (c == null) continue;
      const key = `${c.countyCode}|${c.stage}`;
      const row = rows.get(key) ?? {
        countyCode: c.countyCode,
        stage: c.stage,
        children: 0,
        governmentPurchased: 0,
      };
      row.children += 1;
      if (c.placement === 'government-purchased-place') row.governmentPurchased += 1;
      rows.set(key, row);
    }
    return [...rows.values()].sort((a, b) => (a.countyCode + a.stage < b.countyCode + b.stage ? -1 : 1));
  }

  private async view(doc: EnrolmentDocument, warnings: readonly EducationProblem[]): Promise<SchoolingView> {
    const current = doc.current;
    const school = current === null ? undefined : await this.schools.find(current.schoolCode);
    return {
      childId: doc._id,
      current:
        current === null
          ? null
          : { ...current, schoolName: school?.name ?? '', gradeLabel: gradeLabel(current.grade) },
      history: doc.history,
      warnings,
    };
  }

  /**
   * Applies `next` to the child's document in one conditional write with its event; retries on
   * a concurrent write. `next` returns undefined for "nothing changes".
   */
  private async change(
    childId: string,
    next: (before: EnrolmentDocument | null) => Pick<EnrolmentDocument, 'current' | 'history'> | undefined,
  ): Promise<EnrolmentDocument> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const before = await this.model.findById(childId).lean<EnrolmentDocument>().exec();
      const state = next(before);
      if (state === undefined && before !== null) return before;
      if (state === undefined) throw notFound('儿童的就读记录', childId);
      const revision = (before?.revision ?? 0) + 1;
      const now = this.clock.now();
      // What the event reports: the new enrolment, or the one that just ended.
      const reported = state.current ?? state.history.at(-1);
      if (reported === undefined) throw new Error('an enrolment change without a period');
      const event = outboxEntry(
        EducationEvents.enrolmentChanged,
        childId,
        {
          childId,
          countyCode: reported.countyCode,
          schoolCode: reported.schoolCode,
          stage: stageToProto(reported.stage),
          grade: gradeLabel(reported.grade),
          placement: placementToProto(reported.placement),
          ended: state.current === null,
          changedAt: now.toISOString(),
          revision,
        },
        this.config.SERVICE_NAME,
      );
      const fields = { ...state, revision, updatedAt: now };
      if (before === null) {
        try {
          await this.model.collection.insertOne({
            _id: childId,
            ...fields,
            rev: 1,
            outbox: [event],
            outboxPending: true,
          } as never);
        } catch (error) {
          if ((error as { code?: unknown }).code === 11000) continue;
          throw error;
        }
      } else {
        const result = await this.model.collection.updateOne(
          { _id: childId, rev: before.rev } as never,
          withOutboxUpdate({ $set: fields, $inc: { rev: 1 } }, [event]) as never,
        );
        if (result.matchedCount !== 1) continue;
      }
      this.relays.nudgeRelays();
      return {
        ...(before ?? { _id: childId, outbox: [], outboxPending: true }),
        ...fields,
        rev: (before?.rev ?? 0) + 1,
      } as EnrolmentDocument;
    }
    throw conflict('登记就读时发生并发冲突，请重试');
  }
}
