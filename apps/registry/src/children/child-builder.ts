import {
  compareDates,
  isLocalDate,
  type Accompaniment,
  type DifficultyType,
  type LocalDate,
  type MigrantRuleConfig,
} from '@care/child-rules';
import { countyOf } from '@care/divisions';
import { idNumberReasonText, normalizeIdNumber, validateIdNumber } from '@care/identity';
import { invalidArgument } from '@care/errors';
import { determine, eventsFor, scopeOfDivision, type ChildChange } from './child-aggregate';
import {
  CIRCUMSTANCE_KEYS,
  noCircumstances,
  type ChildFieldName,
  type ChildRecord,
  type ChildSex,
  type Circumstances,
  type Education,
  type RecordSource,
  type SealedGuardian,
} from './child.types';

/** What the builder needs of PersonalDataService: sealing and the blind index. */
export interface Sealer {
  seal(plaintext: string): string;
  idNumberIndex(normalisedIdNumber: string): string;
}

export interface GuardianInput {
  name: string;
  relation: string;
  phone: string;
}

/** A new child as a worker or an import row describes it (personal fields in clear, before sealing). */
export interface NewChildInput {
  name: string;
  /** Absent or blank: the child has none (无身份证号), flagged for follow-up. */
  idNumber?: string;
  /** Required without an ID number; with one, it must agree with it. */
  birthDate?: LocalDate;
  sex?: ChildSex;
  hukouDivisionCode: string;
  hukouAddress: string;
  /** 迁出时间 when the child has already left (an imported ledger row may say so). */
  residence: { divisionCode: string; movedInOn: LocalDate; address: string; movedOutOn?: LocalDate };
  accompaniedBy: Accompaniment;
  guardians: GuardianInput[];
  /** Phones already normalised by the Attachment 1 codec (and possibly blank): sealed as given. */
  guardianPhonesValidated?: boolean;
  difficultyTypes?: DifficultyType[];
  askedForHelp?: boolean;
  circumstances?: Partial<Circumstances>;
  education?: Partial<Education>;
  /** The day the information was collected; default today. */
  verifiedOn?: LocalDate;
  source: RecordSource;
  importFingerprint?: string;
}

export interface BuildContext {
  childId: string;
  now: Date;
  today: LocalDate;
  rules: MigrantRuleConfig;
  sealer: Sealer;
}

const ID_NONE_PREFIX = 'none:';

/** The unique placeholder index of a child without an ID number (FerretDB has no partial indexes). */
export function noIdNumberIndex(childId: string): string {
  return `${ID_NONE_PREFIX}${childId}`;
}

/**
 * Normalises a mainland phone number as typed (full-width digits, spaces, dashes, brackets,
 * +86): mobile `1[3-9]` + 9 digits, or a landline with area code (0 + 9..11 digits).
 */
export function normalisePhone(raw: string): string | undefined {
  let digits = raw.normalize('NFKC').replace(/[\s\-()（）.]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  if (/^1[3-9][0-9]{9}$/.test(digits)) return digits;
  if (/^0[1-9][0-9]{8,10}$/.test(digits)) return digits;
  return undefined;
}

/** The parts of the ID number the record keeps: normalised form, birth date and sex. */
export function checkIdNumber(
  raw: string,
  today: LocalDate,
  field = 'idNumber',
): { normalized: string; birthDate: LocalDate; sex: ChildSex } {
  const result = validateIdNumber(raw, { asOf: today });
  if (!result.ok) {
    const reasons = result.reasons.map(idNumberReasonText);
    throw invalidArgument(field, result.reasons.join(','), reasons.join('；'), {
      reasons: result.reasons.join(','),
    });
  }
  return { normalized: result.normalized, birthDate: result.birthDate, sex: result.sex };
}

function requireText(value: string | undefined, field: string, label: string): string {
  const text = (value ?? '').normalize('NFKC').trim();
  if (text === '') throw invalidArgument(field, '必填', `${label}（${field}）：必填`);
  return text;
}

function requireDate(value: string | undefined, field: string, label: string, today: LocalDate): LocalDate {
  if (value === undefined || !isLocalDate(value))
    throw invalidArgument(field, 'YYYY-MM-DD', `${label}（${field}）：须为有效日期（YYYY-MM-DD）`);
  if (compareDates(value, today) > 0)
    throw invalidArgument(field, '不晚于今天', `${label}（${field}）：不能晚于今天`);
  return value;
}

function checkHukou(code: string): string {
  const text = requireText(code, 'hukouDivisionCode', '户籍地行政区划代码');
  if (countyOf(text) === undefined)
    throw invalidArgument(
      'hukouDivisionCode',
      'GB/T 2260',
      `户籍地行政区划代码（hukouDivisionCode）：${text} 不是有效的县级或乡镇级区划代码`,
    );
  return text;
}

function checkResidenceDivision(
  code: string,
  field: string,
): { divisionCode: string; countyCode: string; townshipCode: string } {
  const text = requireText(code, field, '现居住地行政区划代码');
  const scope = scopeOfDivision(text);
  if (scope === undefined)
    throw invalidArgument(
      field,
      'GB/T 2260',
      `现居住地行政区划代码（${field}）：${text} 不是有效的县级或乡镇级区划代码`,
    );
  return { divisionCode: text, ...scope };
}

export function sealGuardians(
  guardians: readonly GuardianInput[],
  sealer: Sealer,
  phonesValidated = false,
): SealedGuardian[] {
  return guardians.map((g, i) => {
    const name = requireText(g.name, `guardians[${i}].name`, '监护人姓名');
    const phone = phonesValidated ? (g.phone ?? '').trim() : normalisePhone(g.phone ?? '');
    if (phone === undefined) {
      throw invalidArgument(
        `guardians[${i}].phone`,
        '手机号或带区号的固定电话',
        `监护人联系方式（guardians[${i}].phone）：须为11位手机号或带区号的固定电话`,
      );
    }
    return {
      name: sealer.seal(name),
      relation: (g.relation ?? '').normalize('NFKC').trim(),
      phone: phone === '' ? '' : sealer.seal(phone),
    };
  });
}

function mergeCircumstances(base: Circumstances, patch: Partial<Circumstances> | undefined): Circumstances {
  const out = { ...base };
  for (const key of CIRCUMSTANCE_KEYS) {
    const v = patch?.[key];
    if (typeof v === 'boolean') out[key] = v;
  }
  return out;
}

function mergeEducation(base: Education, patch: Partial<Education> | undefined): Education {
  return {
    stage: patch?.stage ?? base.stage,
    school: (patch?.school ?? base.school).normalize('NFKC').trim(),
    grade: (patch?.grade ?? base.grade).normalize('NFKC').trim(),
    inSchoolLocally: patch?.inSchoolLocally ?? base.inSchoolLocally,
  };
}

const NO_EDUCATION: Education = { stage: 'unspecified', school: '', grade: '', inSchoolLocally: false };

/**
 * A new record, sealed, determined and carrying its registration events in its outbox: inserting
 * it is the whole write. Throws an invalid-argument DomainError naming the field and the rule.
 */
export function buildNewChild(input: NewChildInput, ctx: BuildContext): ChildRecord {
  const name = requireText(input.name, 'name', '儿童姓名');
  const rawId = normalizeIdNumber(input.idNumber ?? '');
  let birthDate: LocalDate;
  let sex: ChildSex;
  let idNumber: string | undefined;
  if (rawId !== '') {
    const id = checkIdNumber(rawId, ctx.today);
    if (input.birthDate !== undefined && input.birthDate !== id.birthDate) {
      throw invalidArgument(
        'birthDate',
        '与身份证号一致',
        '出生日期（birthDate）：与身份证号中的出生日期不一致',
      );
    }
    if (input.sex !== undefined && input.sex !== id.sex)
      throw invalidArgument('sex', '与身份证号一致', '性别（sex）：与身份证号中的性别不一致');
    ({ birthDate, sex, normalized: idNumber } = id);
  } else {
    birthDate = requireDate(input.birthDate, 'birthDate', '出生日期（无身份证号时必填）', ctx.today);
    if (input.sex !== 'male' && input.sex !== 'female')
      throw invalidArgument('sex', '必填', '性别（sex）：无身份证号时必填，取值 male 或 female');
    sex = input.sex;
  }
  const hukouDivisionCode = checkHukou(input.hukouDivisionCode);
  const residence = checkResidenceDivision(input.residence?.divisionCode, 'residence.divisionCode');
  const movedInOn = requireDate(
    input.residence?.movedInOn,
    'residence.movedInOn',
    '迁入现居住地日期',
    ctx.today,
  );
  if (compareDates(movedInOn, birthDate) < 0)
    throw invalidArgument(
      'residence.movedInOn',
      '不早于出生日期',
      '迁入现居住地日期（residence.movedInOn）：不能早于出生日期',
    );
  const verifiedOn =
    input.verifiedOn === undefined
      ? ctx.today
      : requireDate(input.verifiedOn, 'verifiedOn', '核实日期', ctx.today);
  const movedOutOn =
    input.residence.movedOutOn === undefined
      ? undefined
      : requireDate(input.residence.movedOutOn, 'residence.movedOutOn', '迁出时间', ctx.today);
  if (movedOutOn !== undefined && compareDates(movedOutOn, movedInOn) < 0)
    throw invalidArgument(
      'residence.movedOutOn',
      '不早于迁入日期',
      '迁出时间（residence.movedOutOn）：不能早于迁入现居住地的日期',
    );
  const { sealer } = ctx;

  const base: Omit<ChildRecord, 'determination' | 'outbox' | 'outboxPending'> = {
    _id: ctx.childId,
    version: 1,
    countyCode: residence.countyCode,
    townshipCode: residence.townshipCode,
    personal: {
      name: sealer.seal(name),
      ...(idNumber === undefined ? {} : { idNumber: sealer.seal(idNumber) }),
      hukouAddress: sealer.seal((input.hukouAddress ?? '').normalize('NFKC').trim()),
      residenceAddress: sealer.seal((input.residence.address ?? '').normalize('NFKC').trim()),
    },
    idNumberIndex: idNumber === undefined ? noIdNumberIndex(ctx.childId) : sealer.idNumberIndex(idNumber),
    missingIdNumber: idNumber === undefined,
    guardians: sealGuardians(input.guardians ?? [], sealer, input.guardianPhonesValidated ?? false),
    birthDate,
    sex,
    hukouDivisionCode,
    residenceHistory: [
      movedOutOn === undefined
        ? { divisionCode: residence.divisionCode, movedInOn }
        : { divisionCode: residence.divisionCode, movedInOn, movedOutOn },
    ],
    accompaniedBy: input.accompaniedBy,
    difficultyTypes: [...new Set(input.difficultyTypes ?? [])],
    askedForHelp: input.askedForHelp ?? false,
    circumstances: mergeCircumstances(noCircumstances(), input.circumstances),
    education: mergeEducation(NO_EDUCATION, input.education),
    movedOut: movedOutOn !== undefined,
    ...(movedOutOn === undefined ? {} : { movedOutOn }),
    lastVerifiedOn: verifiedOn,
    source: input.source,
    ...(input.importFingerprint === undefined ? {} : { importFingerprint: input.importFingerprint }),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  const record: ChildRecord = {
    ...base,
    determination: determine(base, ctx.today, ctx.rules),
    outbox: [],
    outboxPending: false,
  };
  const events = eventsFor({ kind: 'registered' }, record, undefined, ctx.now);
  return { ...record, outbox: events, outboxPending: events.length > 0 };
}

/** A change to an existing record (every field optional; personal fields in clear). */
export interface ChildPatch {
  name?: string;
  idNumber?: string;
  birthDate?: LocalDate;
  sex?: ChildSex;
  hukouDivisionCode?: string;
  hukouAddress?: string;
  residenceAddress?: string;
  /** Corrects the division of the current residence period (same county; a move is applyMoveIn). */
  residenceDivisionCode?: string;
  accompaniedBy?: Accompaniment;
  guardians?: GuardianInput[];
  guardianPhonesValidated?: boolean;
  difficultyTypes?: DifficultyType[];
  askedForHelp?: boolean;
  circumstances?: Partial<Circumstances>;
  education?: Partial<Education>;
  source?: RecordSource;
  importFingerprint?: string;
}

export interface ChangeContext {
  now: Date;
  today: LocalDate;
  rules: MigrantRuleConfig;
  sealer: Sealer;
}

/** A record after a change, with the events of the change; the caller writes it conditionally on `before.version`. */
export interface ChildTransition {
  after: ChildRecord;
  events: ReturnType<typeof eventsFor>;
  changedFields: ChildFieldName[];
}

/** Recomputes the determination of `next` and builds the events of `change` against `before`. */
export function transition(
  before: ChildRecord,
  next: Omit<ChildRecord, 'determination' | 'version' | 'updatedAt'>,
  change: ChildChange,
  ctx: Pick<ChangeContext, 'now' | 'today' | 'rules'>,
): ChildTransition {
  const after: ChildRecord = {
    ...next,
    version: before.version + 1,
    updatedAt: ctx.now,
    determination: determine(next, ctx.today, ctx.rules),
    outbox: before.outbox,
    outboxPending: before.outboxPending,
  };
  const events = eventsFor(change, after, before.determination.isMigrant, ctx.now);
  return { after, events, changedFields: change.kind === 'updated' ? [...change.changedFields] : [] };
}

/**
 * Applies a patch of facts. Personal fields given count as changed (sealed values cannot be
 * compared). A patch that changes nothing is refused, or gives undefined with `allowNoChange`.
 */
export function applyPatch(before: ChildRecord, patch: ChildPatch, ctx: ChangeContext): ChildTransition;
export function applyPatch(
  before: ChildRecord,
  patch: ChildPatch,
  ctx: ChangeContext,
  options: { allowNoChange: true },
): ChildTransition | undefined;
export function applyPatch(
  before: ChildRecord,
  patch: ChildPatch,
  ctx: ChangeContext,
  options: { allowNoChange?: boolean } = {},
): ChildTransition | undefined {
  const next: ChildRecord = structuredClone(before);
  const changed = new Set<ChildFieldName>();
  const { sealer } = ctx;

  if (patch.name !== undefined) {
    next.personal.name = sealer.seal(requireText(patch.name, 'name', '儿童姓名'));
    changed.add('name');
  }
  if (patch.idNumber !== undefined && normalizeIdNumber(patch.idNumber) !== '') {
    const id = checkIdNumber(patch.idNumber, ctx.today);
    next.personal.idNumber = sealer.seal(id.normalized);
    next.idNumberIndex = sealer.idNumberIndex(id.normalized);
    next.missingIdNumber = false;
    changed.add('idNumber');
    if (patch.birthDate !== undefined && patch.birthDate !== id.birthDate) {
      throw invalidArgument(
        'birthDate',
        '与身份证号一致',
        '出生日期（birthDate）：与身份证号中的出生日期不一致',
      );
    }
    if (patch.sex !== undefined && patch.sex !== id.sex)
      throw invalidArgument('sex', '与身份证号一致', '性别（sex）：与身份证号中的性别不一致');
    if (next.birthDate !== id.birthDate) changed.add('birthDate');
    if (next.sex !== id.sex) changed.add('sex');
    next.birthDate = id.birthDate;
    next.sex = id.sex;
  } else {
    if (patch.birthDate !== undefined && patch.birthDate !== next.birthDate) {
      if (!next.missingIdNumber)
        throw invalidArgument(
          'birthDate',
          '由身份证号确定',
          '出生日期（birthDate）：由身份证号确定，请修改身份证号',
        );
      next.birthDate = requireDate(patch.birthDate, 'birthDate', '出生日期', ctx.today);
      changed.add('birthDate');
    }
    if (patch.sex !== undefined && patch.sex !== next.sex) {
      if (!next.missingIdNumber)
        throw invalidArgument('sex', '由身份证号确定', '性别（sex）：由身份证号确定，请修改身份证号');
      next.sex = patch.sex;
      changed.add('sex');
    }
  }
  if (patch.hukouDivisionCode !== undefined && patch.hukouDivisionCode !== next.hukouDivisionCode) {
    next.hukouDivisionCode = checkHukou(patch.hukouDivisionCode);
    changed.add('hukouDivisionCode');
  }
  if (patch.hukouAddress !== undefined) {
    next.personal.hukouAddress = sealer.seal(patch.hukouAddress.normalize('NFKC').trim());
    changed.add('hukouAddress');
  }
  if (patch.residenceAddress !== undefined) {
    next.personal.residenceAddress = sealer.seal(patch.residenceAddress.normalize('NFKC').trim());
    changed.add('residenceAddress');
  }
  if (patch.residenceDivisionCode !== undefined) {
    const current = next.residenceHistory[next.residenceHistory.length - 1];
    const residence = checkResidenceDivision(patch.residenceDivisionCode, 'residenceDivisionCode');
    if (current !== undefined && current.divisionCode !== residence.divisionCode) {
      if (residence.countyCode !== next.countyCode) {
        throw invalidArgument(
          'residenceDivisionCode',
          '同一区县',
          '现居住地行政区划代码（residenceDivisionCode）：更正只能在同一区县内，迁往其他区县请登记迁入',
        );
      }
      current.divisionCode = residence.divisionCode;
      next.townshipCode = residence.townshipCode;
      changed.add('residence');
    }
  }
  if (patch.accompaniedBy !== undefined && patch.accompaniedBy !== next.accompaniedBy) {
    next.accompaniedBy = patch.accompaniedBy;
    changed.add('accompaniedBy');
  }
  if (patch.guardians !== undefined) {
    next.guardians = sealGuardians(patch.guardians, sealer, patch.guardianPhonesValidated ?? false);
    changed.add('guardians');
  }
  if (patch.difficultyTypes !== undefined) {
    const types = [...new Set(patch.difficultyTypes)];
    if (types.join(',') !== next.difficultyTypes.join(',')) changed.add('difficultyTypes');
    next.difficultyTypes = types;
  }
  if (patch.askedForHelp !== undefined && patch.askedForHelp !== next.askedForHelp) {
    next.askedForHelp = patch.askedForHelp;
    changed.add('askedForHelp');
  }
  if (patch.circumstances !== undefined) {
    const merged = mergeCircumstances(next.circumstances, patch.circumstances);
    if (CIRCUMSTANCE_KEYS.some((k) => merged[k] !== next.circumstances[k])) changed.add('circumstances');
    next.circumstances = merged;
  }
  if (patch.education !== undefined) {
    const merged = mergeEducation(next.education, patch.education);
    if (JSON.stringify(merged) !== JSON.stringify(next.education)) changed.add('education');
    next.education = merged;
  }
  if (patch.source !== undefined) next.source = patch.source;
  if (patch.importFingerprint !== undefined) next.importFingerprint = patch.importFingerprint;
  if (changed.size === 0) {
    if (options.allowNoChange) return undefined;
    throw invalidArgument('(body)', '至少修改一项', '没有需要修改的内容');
  }
  return transition(before, next, { kind: 'updated', changedFields: [...changed] }, ctx);
}

/** 迁入: the child now lives at a new address; the previous period ends on the move-in date unless it already ended. */
export function applyMoveIn(
  before: ChildRecord,
  move: { divisionCode: string; movedInOn: LocalDate; address: string },
  ctx: ChangeContext,
): ChildTransition {
  const residence = checkResidenceDivision(move.divisionCode, 'divisionCode');
  const movedInOn = requireDate(move.movedInOn, 'movedInOn', '迁入日期', ctx.today);
  const current = before.residenceHistory[before.residenceHistory.length - 1];
  if (current !== undefined && compareDates(movedInOn, current.movedInOn) < 0) {
    throw invalidArgument(
      'movedInOn',
      '不早于上次迁入日期',
      '迁入日期（movedInOn）：不能早于当前居住地的迁入日期',
    );
  }
  const next: ChildRecord = structuredClone(before);
  const history = next.residenceHistory;
  const last = history[history.length - 1];
  if (last !== undefined && last.movedOutOn === undefined) last.movedOutOn = movedInOn;
  history.push({ divisionCode: residence.divisionCode, movedInOn });
  next.countyCode = residence.countyCode;
  next.townshipCode = residence.townshipCode;
  next.personal.residenceAddress = ctx.sealer.seal((move.address ?? '').normalize('NFKC').trim());
  next.movedOut = false;
  delete next.movedOutOn;
  delete next.movedOutTo;
  return transition(before, next, { kind: 'updated', changedFields: ['residence', 'residenceAddress'] }, ctx);
}

/** 迁出: the child left the current residence on `movedOutOn` (the date may be announced ahead). */
export function applyMoveOut(
  before: ChildRecord,
  move: { movedOutOn: LocalDate; toDivisionCode?: string },
  ctx: ChangeContext,
): ChildTransition {
  if (before.movedOut) throw invalidArgument('movedOutOn', '未迁出', '该儿童已登记迁出');
  if (!isLocalDate(move.movedOutOn))
    throw invalidArgument('movedOutOn', 'YYYY-MM-DD', '迁出时间（movedOutOn）：须为有效日期（YYYY-MM-DD）');
  const current = before.residenceHistory[before.residenceHistory.length - 1];
  if (current !== undefined && compareDates(move.movedOutOn, current.movedInOn) < 0) {
    throw invalidArgument(
      'movedOutOn',
      '不早于迁入日期',
      '迁出时间（movedOutOn）：不能早于迁入现居住地的日期',
    );
  }
  const to = (move.toDivisionCode ?? '').trim();
  if (to !== '' && countyOf(to) === undefined)
    throw invalidArgument(
      'toDivisionCode',
      'GB/T 2260',
      `迁往地行政区划代码（toDivisionCode）：${to} 不是有效的区划代码`,
    );
  const next: ChildRecord = structuredClone(before);
  const last = next.residenceHistory[next.residenceHistory.length - 1];
  if (last !== undefined) last.movedOutOn = move.movedOutOn;
  next.movedOut = true;
  next.movedOutOn = move.movedOutOn;
  if (to !== '') next.movedOutTo = to;
  return transition(
    before,
    next,
    { kind: 'moved-out', movedOutOn: move.movedOutOn, toDivisionCode: to },
    ctx,
  );
}

/** 核实: the record was checked on `verifiedOn` (screening found the child as recorded). */
export function applyVerified(
  before: ChildRecord,
  verifiedOn: LocalDate,
  ctx: Pick<ChangeContext, 'now' | 'today' | 'rules'>,
): ChildTransition {
  const on = requireDate(verifiedOn, 'verifiedOn', '核实日期', ctx.today);
  const next: ChildRecord = structuredClone(before);
  if (compareDates(on, next.lastVerifiedOn) > 0) next.lastVerifiedOn = on;
  return transition(before, next, { kind: 'updated', changedFields: ['lastVerifiedOn'] }, ctx);
}

/** The daily job's recomputation: no change of facts, only of the date. */
export function applyRecompute(
  before: ChildRecord,
  ctx: Pick<ChangeContext, 'now' | 'today' | 'rules'>,
): ChildTransition {
  return transition(before, structuredClone(before), { kind: 'recomputed' }, ctx);
}
