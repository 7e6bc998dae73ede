import {
  DIFFICULTY_TYPES,
  DIFFICULTY_TYPE_LABELS,
  anniversary,
  completedYears,
  daysBetween,
  difficultyTypeToProto,
  isLocalDate,
  keyCareEligibility,
  nextVisitDue,
  type DifficultyType,
  type LocalDate,
  type VisitFrequencyConfig,
} from '@care/child-rules';
import type { common, registry } from '@care/contracts';
import { assertNever, failedPrecondition, invalidArgument, type DomainError } from '@care/errors';
import {
  CLOSE_REASON_LABELS,
  LEDGER_FIELD_NAMES,
  type CareActivity,
  type CloseReason,
  type KeyCareChildFacts,
  type KeyCareEntryRecord,
  type LedgerFields,
  type VisitRecord,
} from './key-care.types';
import { isNoActivity } from './ledger-text';

// The ledger entry's life as pure transitions: each takes the entry as read and returns the
// entry to write plus the events of that change, so the service can write both in ONE document
// update (the outbox rule) and the rules are tested without a database.

/** The entry without its outbox: what the transitions compute. */
export type KeyCareEntryState = Omit<KeyCareEntryRecord, 'outbox' | 'outboxPending'>;

export type KeyCareEvent =
  | { readonly kind: 'keyCareEntryAdded'; readonly message: registry.KeyCareEntryChanged }
  | { readonly kind: 'keyCareEntryChanged'; readonly message: registry.KeyCareEntryChanged }
  | { readonly kind: 'keyCareEntryClosed'; readonly message: registry.KeyCareEntryClosed }
  | { readonly kind: 'visitPlanned'; readonly message: registry.VisitPlanned }
  | { readonly kind: 'visitRecorded'; readonly message: registry.VisitRecorded }
  | { readonly kind: 'visitOverdue'; readonly message: registry.VisitOverdue };

export interface Transition {
  readonly entry: KeyCareEntryState;
  readonly events: readonly KeyCareEvent[];
}

export interface TransitionContext {
  readonly today: LocalDate;
  readonly now: Date;
  /** Who makes the change (user id, or `import`, or `system`). */
  readonly actorId: string;
  readonly frequency: VisitFrequencyConfig;
  readonly newId: () => string;
}

export const LIMITS = {
  situationSummary: 2000,
  notes: 1000,
  activity: 500,
  activities: 200,
  school: 100,
  grade: 50,
  findings: 2000,
} as const;

/** Types in the attachment's order, without duplicates, so equal sets compare equal. */
export function canonicalTypes(types: readonly DifficultyType[]): DifficultyType[] {
  return DIFFICULTY_TYPES.filter((t) => types.includes(t));
}

function typeList(types: readonly DifficultyType[]): string {
  return types.map((t) => `“${DIFFICULTY_TYPE_LABELS[t]}”`).join('、');
}

/** The ledger fields trimmed and ordered, or the first rule they break. */
export function normaliseLedgerFields(
  fields: LedgerFields,
  today: LocalDate,
): { ok: true; value: LedgerFields } | { ok: false; error: DomainError } {
  const fail = (field: string, rule: string, message: string) => ({
    ok: false as const,
    error: invalidArgument(field, rule, message),
  });
  if (fields.difficultyTypes.length === 0)
    return fail('difficultyTypes', '必填', '重点关爱服务对象困境类型必填：至少选择一种困境类型');
  const text = (value: string) => value.normalize('NFKC').trim();
  const value: LedgerFields = {
    difficultyTypes: canonicalTypes(fields.difficultyTypes),
    situationSummary: text(fields.situationSummary),
    careActivities: fields.careActivities.map((a) => ({ on: a.on, description: text(a.description) })),
    notes: text(fields.notes),
    school: text(fields.school),
    grade: text(fields.grade),
  };
  if (value.situationSummary.length > LIMITS.situationSummary)
    return fail(
      'situationSummary',
      `不超过${LIMITS.situationSummary}字`,
      `基本情况概述不能超过${LIMITS.situationSummary}字`,
    );
  if (value.notes.length > LIMITS.notes)
    return fail('notes', `不超过${LIMITS.notes}字`, `备注不能超过${LIMITS.notes}字`);
  if (value.school.length > LIMITS.school)
    return fail('school', `不超过${LIMITS.school}字`, `就读学校不能超过${LIMITS.school}字`);
  if (value.grade.length > LIMITS.grade)
    return fail('grade', `不超过${LIMITS.grade}字`, `年级不能超过${LIMITS.grade}字`);
  if (value.careActivities.length > LIMITS.activities)
    return fail(
      'careActivities',
      `不超过${LIMITS.activities}条`,
      `关爱服务活动不能超过${LIMITS.activities}条`,
    );
  for (const [i, activity] of value.careActivities.entries()) {
    const field = `careActivities[${i}]`;
    if (activity.description === '')
      return fail(`${field}.description`, '必填', `关爱服务活动第${i + 1}条：活动内容必填`);
    if (isNoActivity(activity.description))
      return fail(
        `${field}.description`,
        '写明开展的活动',
        `关爱服务活动第${i + 1}条：活动内容须写明开展的活动（“${activity.description}”不是一项活动；尚无活动时不必填写）`,
      );
    if (activity.description.length > LIMITS.activity)
      return fail(
        `${field}.description`,
        `不超过${LIMITS.activity}字`,
        `关爱服务活动第${i + 1}条：活动内容不能超过${LIMITS.activity}字`,
      );
    if (activity.on !== null && !isLocalDate(activity.on))
      return fail(`${field}.on`, 'YYYY-MM-DD', `关爱服务活动第${i + 1}条：日期须为有效日期（YYYY-MM-DD）`);
    if (activity.on !== null && activity.on > today)
      return fail(`${field}.on`, '不晚于今天', `关爱服务活动第${i + 1}条：日期 ${activity.on} 不能晚于今天`);
  }
  return { ok: true, value };
}

/**
 * Refuses types the child's facts do not support (MISSION.md core rule 3, via keyCareEligibility):
 * only migrant children enter the ledger; a difficulty type must have been found by screening
 * (it is on the child record); the cross-township help request needs both a move across
 * townships and the child's own request for help.
 */
export function unsupportedTypesError(
  types: readonly DifficultyType[],
  facts: KeyCareChildFacts,
): DomainError | undefined {
  if (facts.movedOut)
    return failedPrecondition('该儿童已迁出，不能列入重点关爱服务对象台账', {
      field: 'childId',
      rule: '未迁出',
    });
  const eligibility = keyCareEligibility({
    isMigrant: facts.isMigrant,
    difficultyTypes: facts.difficultyTypes,
    hukouDivisionCode: facts.hukouDivisionCode,
    residenceDivisionCode: facts.residenceDivisionCode,
    askedForHelp: facts.askedForHelp,
  });
  if (!facts.isMigrant) {
    return invalidArgument(
      'difficultyTypes',
      '仅限流动儿童',
      '该儿童目前不属于流动儿童，不能列入重点关爱服务对象台账',
    );
  }
  const unsupported = canonicalTypes(types).filter((t) => !eligibility.types.includes(t));
  if (unsupported.length === 0) return undefined;
  const hardships = unsupported.filter((t) => t !== 'cross-township-help-request');
  if (hardships.length > 0) {
    return invalidArgument(
      'difficultyTypes',
      '困境类型须有摸排事实支持',
      `重点关爱服务对象困境类型${typeList(hardships)}不成立：儿童档案中未记录该困境（请先在儿童档案中登记摸排发现的困境）`,
    );
  }
  const reasons = eligibility.reasons;
  const why = reasons.includes('not-moved-across-townships')
    ? '儿童未跨乡镇（街道）流动'
    : reasons.includes('townships-unknown')
      ? '户籍地或现居住地缺少乡镇（街道）代码，无法确认跨乡镇（街道）流动'
      : '儿童档案未记录主动提出救助帮扶需求';
  return invalidArgument(
    'difficultyTypes',
    '跨乡镇（街道）流动且主动求助',
    `重点关爱服务对象困境类型“${DIFFICULTY_TYPE_LABELS['cross-township-help-request']}”不成立：${why}`,
  );
}

function protoTypes(types: readonly DifficultyType[]): common.DifficultyType[] {
  return types.map((t) => difficultyTypeToProto(t) as common.DifficultyType);
}

function entryChanged(entry: KeyCareEntryState, at: Date): registry.KeyCareEntryChanged {
  return {
    childId: entry.childId,
    entryId: entry._id,
    countyCode: entry.countyCode,
    townshipCode: entry.townshipCode,
    difficultyTypes: protoTypes(entry.difficultyTypes),
    changedAt: at.toISOString(),
  };
}

function visitPlanned(entry: KeyCareEntryState): KeyCareEvent {
  return {
    kind: 'visitPlanned',
    message: {
      childId: entry.childId,
      entryId: entry._id,
      visitId: entry.nextVisitId ?? '',
      countyCode: entry.countyCode,
      townshipCode: entry.townshipCode,
      workerId: entry.nextVisitWorkerId,
      dueOn: entry.nextVisitDueOn ?? '',
    },
  };
}

function lastVisitedOn(entry: Pick<KeyCareEntryState, 'visits'>): LocalDate | undefined {
  return entry.visits.reduce<LocalDate | undefined>(
    (latest, v) => (latest === undefined || v.visitedOn > latest ? v.visitedOn : latest),
    undefined,
  );
}

/** The due date the entry's plan should have now: counted from the last visit, or from the opening. */
export function dueDateFor(
  entry: Pick<KeyCareEntryState, 'visits' | 'openedOn' | 'difficultyTypes'>,
  frequency: VisitFrequencyConfig,
): LocalDate {
  const due = nextVisitDue(lastVisitedOn(entry) ?? entry.openedOn, entry.difficultyTypes, frequency);
  // Unreachable: an open entry always has at least one type (normaliseLedgerFields).
  if (due === undefined) throw new Error('an open key-care entry has no difficulty type');
  return due;
}

/** Re-plans when the due date or the worker differ from the current plan; returns the event if it did. */
function replan(
  entry: KeyCareEntryState,
  ctx: TransitionContext,
  forceNew = false,
): KeyCareEvent | undefined {
  const dueOn = dueDateFor(entry, ctx.frequency);
  if (
    !forceNew &&
    entry.nextVisitId !== null &&
    entry.nextVisitDueOn === dueOn &&
    entry.nextVisitWorkerId === entry.visitWorkerId
  )
    return undefined;
  entry.nextVisitId = ctx.newId();
  entry.nextVisitDueOn = dueOn;
  entry.nextVisitWorkerId = entry.visitWorkerId;
  entry.nextVisitPlannedOn = ctx.today;
  entry.overdueNotified = false;
  return visitPlanned(entry);
}

export interface OpenEntryInput {
  readonly entryId: string;
  readonly fields: LedgerFields;
  readonly visitWorkerId: string;
  readonly source: KeyCareEntryRecord['source'];
}

/** 建档: a new ledger entry with its first planned visit. */
export function openEntry(
  input: OpenEntryInput,
  facts: KeyCareChildFacts,
  ctx: TransitionContext,
): Transition {
  const normalised = normaliseLedgerFields(input.fields, ctx.today);
  if (!normalised.ok) throw normalised.error;
  const refused = unsupportedTypesError(normalised.value.difficultyTypes, facts);
  if (refused) throw refused;
  const entry: KeyCareEntryState = {
    _id: input.entryId,
    version: 1,
    childId: facts.childId,
    countyCode: facts.countyCode,
    townshipCode: facts.townshipCode,
    status: 'open',
    openSlot: facts.childId,
    openedOn: ctx.today,
    closedOn: null,
    closeReason: null,
    closeNote: '',
    ...normalised.value,
    visitWorkerId: input.visitWorkerId.trim(),
    nextVisitId: null,
    nextVisitDueOn: null,
    nextVisitWorkerId: '',
    nextVisitPlannedOn: null,
    overdueNotified: false,
    visits: [],
    source: input.source,
    createdBy: ctx.actorId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const planned = replan(entry, ctx, true);
  return {
    entry,
    events: [
      { kind: 'keyCareEntryAdded', message: entryChanged(entry, ctx.now) },
      ...(planned ? [planned] : []),
    ],
  };
}

function assertOpen(entry: KeyCareEntryState): void {
  if (entry.status !== 'open')
    throw failedPrecondition('该重点关爱台账已销档，不能再修改或登记走访', {
      field: 'entryId',
      rule: '台账在册',
    });
}

function sameFields(a: LedgerFields, b: LedgerFields): boolean {
  return LEDGER_FIELD_NAMES.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

export interface ChangeEntryInput {
  readonly fields?: Partial<LedgerFields>;
  readonly visitWorkerId?: string;
}

/**
 * 变更: new ledger fields and/or a new responsible worker. Returns undefined when nothing
 * changes (no write, no event: re-imports of an unchanged row stay silent). A change of types is
 * checked against the facts again and may move the next due date.
 */
export function changeEntry(
  current: KeyCareEntryState,
  input: ChangeEntryInput,
  facts: KeyCareChildFacts,
  ctx: TransitionContext,
): Transition | undefined {
  assertOpen(current);
  const before: LedgerFields = pickLedgerFields(current);
  const normalised = normaliseLedgerFields({ ...before, ...input.fields }, ctx.today);
  if (!normalised.ok) throw normalised.error;
  const worker = input.visitWorkerId === undefined ? current.visitWorkerId : input.visitWorkerId.trim();
  const fieldsChanged = !sameFields(before, normalised.value);
  if (!fieldsChanged && worker === current.visitWorkerId) return undefined;
  if (
    fieldsChanged &&
    JSON.stringify(before.difficultyTypes) !== JSON.stringify(normalised.value.difficultyTypes)
  ) {
    const refused = unsupportedTypesError(normalised.value.difficultyTypes, facts);
    if (refused) throw refused;
  }
  const entry: KeyCareEntryState = {
    ...current,
    ...normalised.value,
    visitWorkerId: worker,
    townshipCode: facts.countyCode === current.countyCode ? facts.townshipCode : current.townshipCode,
    updatedAt: ctx.now,
    version: current.version + 1,
  };
  const planned = replan(entry, ctx);
  return {
    entry,
    events: [
      { kind: 'keyCareEntryChanged', message: entryChanged(entry, ctx.now) },
      ...(planned ? [planned] : []),
    ],
  };
}

export function pickLedgerFields(entry: LedgerFields): LedgerFields {
  return {
    difficultyTypes: [...entry.difficultyTypes],
    situationSummary: entry.situationSummary,
    careActivities: entry.careActivities.map((a) => ({ on: a.on ?? null, description: a.description })),
    notes: entry.notes,
    school: entry.school,
    grade: entry.grade,
  };
}

/** 关爱服务活动: appends one activity (a change of the entry). */
export function addCareActivity(
  current: KeyCareEntryState,
  activity: CareActivity,
  facts: KeyCareChildFacts,
  ctx: TransitionContext,
): Transition {
  const changed = changeEntry(
    current,
    { fields: { careActivities: [...pickLedgerFields(current).careActivities, activity] } },
    facts,
    ctx,
  );
  // Appending always changes the list.
  if (!changed) throw new Error('appending a care activity changed nothing');
  return changed;
}

export interface RecordVisitInput {
  readonly visitedOn: LocalDate;
  readonly workerId: string;
  readonly findings: string;
}

/** 走访探视: fulfils the planned visit and plans the next one from the visit date. */
export function recordVisit(
  current: KeyCareEntryState,
  input: RecordVisitInput,
  ctx: TransitionContext,
): Transition {
  assertOpen(current);
  const workerId = input.workerId.trim();
  const findings = input.findings.normalize('NFKC').trim();
  if (!isLocalDate(input.visitedOn))
    throw invalidArgument('visitedOn', 'YYYY-MM-DD', '走访日期须为有效日期（YYYY-MM-DD）');
  if (input.visitedOn > ctx.today)
    throw invalidArgument('visitedOn', '不晚于今天', `走访日期 ${input.visitedOn} 不能晚于今天 ${ctx.today}`);
  if (input.visitedOn < current.openedOn)
    throw invalidArgument(
      'visitedOn',
      '不早于建档日期',
      `走访日期 ${input.visitedOn} 不能早于建档日期 ${current.openedOn}`,
    );
  const last = lastVisitedOn(current);
  if (last !== undefined && input.visitedOn < last)
    throw invalidArgument(
      'visitedOn',
      '不早于上次走访',
      `走访日期 ${input.visitedOn} 不能早于上次走访日期 ${last}`,
    );
  if (workerId === '') throw invalidArgument('workerId', '必填', '走访人必填');
  if (findings === '') throw invalidArgument('findings', '必填', '走访情况必填');
  if (findings.length > LIMITS.findings)
    throw invalidArgument('findings', `不超过${LIMITS.findings}字`, `走访情况不能超过${LIMITS.findings}字`);
  const visit: VisitRecord = {
    visitId: current.nextVisitId ?? ctx.newId(),
    dueOn: current.nextVisitDueOn ?? input.visitedOn,
    visitedOn: input.visitedOn,
    workerId,
    findings,
    recordedBy: ctx.actorId,
    recordedAt: ctx.now,
  };
  const entry: KeyCareEntryState = {
    ...current,
    visits: [...current.visits, visit],
    visitWorkerId: current.visitWorkerId === '' ? workerId : current.visitWorkerId,
    updatedAt: ctx.now,
    version: current.version + 1,
  };
  const recorded: KeyCareEvent = {
    kind: 'visitRecorded',
    message: {
      childId: entry.childId,
      entryId: entry._id,
      visitId: visit.visitId,
      countyCode: entry.countyCode,
      workerId,
      visitedOn: visit.visitedOn,
    },
  };
  const planned = replan(entry, ctx, true);
  return { entry, events: [recorded, ...(planned ? [planned] : [])] };
}

export interface CloseEntryInput {
  readonly reason: CloseReason;
  readonly note: string;
  readonly closedOn: LocalDate;
}

/** Why a close reason does not fit the facts, or undefined. */
export function closeReasonProblem(
  input: CloseEntryInput,
  facts: KeyCareChildFacts,
): DomainError | undefined {
  switch (input.reason) {
    case 'turned-16': {
      const age = completedYears(facts.birthDate, input.closedOn);
      return age >= 16
        ? undefined
        : invalidArgument(
            'reason',
            '年满十六周岁',
            `销档原因“${CLOSE_REASON_LABELS['turned-16']}”不成立：儿童在 ${input.closedOn} 为 ${age} 周岁`,
          );
    }
    case 'other':
      return input.note.trim() === ''
        ? invalidArgument('note', '必填', '销档原因为“其他”时须填写说明')
        : undefined;
    case 'moved-out':
    case 'difficulty-resolved':
    case 'no-longer-migrant':
      return undefined;
    default:
      return assertNever(input.reason, 'close reason');
  }
}

/** 销档: the entry leaves the ledger; its planned visit is dropped. */
export function closeEntry(
  current: KeyCareEntryState,
  input: CloseEntryInput,
  facts: KeyCareChildFacts,
  ctx: TransitionContext,
): Transition {
  assertOpen(current);
  if (!isLocalDate(input.closedOn))
    throw invalidArgument('closedOn', 'YYYY-MM-DD', '销档日期须为有效日期（YYYY-MM-DD）');
  if (input.closedOn > ctx.today)
    throw invalidArgument('closedOn', '不晚于今天', `销档日期 ${input.closedOn} 不能晚于今天 ${ctx.today}`);
  if (input.closedOn < current.openedOn)
    throw invalidArgument(
      'closedOn',
      '不早于建档日期',
      `销档日期 ${input.closedOn} 不能早于建档日期 ${current.openedOn}`,
    );
  const problem = closeReasonProblem(input, facts);
  if (problem) throw problem;
  const entry: KeyCareEntryState = {
    ...current,
    status: 'closed',
    openSlot: `closed:${current._id}`,
    closedOn: input.closedOn,
    closeReason: input.reason,
    closeNote: input.note.trim(),
    nextVisitId: null,
    nextVisitDueOn: null,
    nextVisitWorkerId: '',
    nextVisitPlannedOn: null,
    overdueNotified: false,
    updatedAt: ctx.now,
    version: current.version + 1,
  };
  // The reason code only: the note is free text a worker typed and may name people.
  return {
    entry,
    events: [
      {
        kind: 'keyCareEntryClosed',
        message: {
          childId: entry.childId,
          entryId: entry._id,
          countyCode: entry.countyCode,
          reason: input.reason,
          closedAt: ctx.now.toISOString(),
        },
      },
    ],
  };
}

/**
 * The entry follows the child record (Attachment 1 note 2: a child can move out, and the record
 * must follow): an open entry whose child moved out, left the county, or is no longer a migrant
 * child (e.g. turned 16) is closed with that reason. Reads the child's CURRENT facts, so running
 * it again, or late, decides the same. Undefined when the entry stays open.
 */
export function closeIfNoLongerEligible(
  current: KeyCareEntryState,
  facts: KeyCareChildFacts | undefined,
  ctx: TransitionContext,
): Transition | undefined {
  if (current.status !== 'open') return undefined;
  const clamp = (date: LocalDate): LocalDate =>
    date < current.openedOn ? current.openedOn : date > ctx.today ? ctx.today : date;
  let input: CloseEntryInput | undefined;
  if (facts === undefined || facts.countyCode !== current.countyCode) {
    input = { reason: 'moved-out', note: '儿童已迁往其他区县', closedOn: ctx.today };
  } else if (facts.movedOut) {
    input = { reason: 'moved-out', note: '', closedOn: clamp(facts.movedOutOn ?? ctx.today) };
  } else if (!facts.isMigrant) {
    const turned16 = completedYears(facts.birthDate, ctx.today) >= 16;
    input = turned16
      ? { reason: 'turned-16', note: '', closedOn: clamp(anniversary(facts.birthDate, 16)) }
      : { reason: 'no-longer-migrant', note: '', closedOn: ctx.today };
  }
  if (input === undefined) return undefined;
  // The reason was derived from the facts: no second check (closeEntry's checks would agree).
  return closeEntry(current, input, facts ?? { ...placeholderFacts(current), movedOut: true }, ctx);
}

function placeholderFacts(entry: KeyCareEntryState): KeyCareChildFacts {
  return {
    childId: entry.childId,
    countyCode: entry.countyCode,
    townshipCode: entry.townshipCode,
    isMigrant: false,
    movedOut: true,
    birthDate: '1900-01-01',
    difficultyTypes: [],
    askedForHelp: false,
    hukouDivisionCode: '',
    residenceDivisionCode: '',
  };
}

/**
 * 逾期: the planned visit's due date has passed with no visit. Emitted once per visit id: the
 * flag is part of the same write as the event, and a re-run finds the flag set.
 */
export function markOverdue(
  current: KeyCareEntryState,
  asOf: LocalDate,
  ctx: Pick<TransitionContext, 'now'>,
): Transition | undefined {
  if (
    current.status !== 'open' ||
    current.overdueNotified ||
    current.nextVisitId === null ||
    current.nextVisitDueOn === null
  )
    return undefined;
  if (!(current.nextVisitDueOn < asOf)) return undefined;
  const entry: KeyCareEntryState = {
    ...current,
    overdueNotified: true,
    updatedAt: ctx.now,
    version: current.version + 1,
  };
  return {
    entry,
    events: [
      {
        kind: 'visitOverdue',
        message: {
          childId: entry.childId,
          entryId: entry._id,
          visitId: current.nextVisitId,
          countyCode: entry.countyCode,
          townshipCode: entry.townshipCode,
          workerId: entry.nextVisitWorkerId,
          dueOn: current.nextVisitDueOn,
          daysOverdue: daysBetween(current.nextVisitDueOn, asOf),
        },
      },
    ],
  };
}
