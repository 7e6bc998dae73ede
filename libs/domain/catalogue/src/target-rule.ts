import { anniversary, compareDates, completedYears, type LocalDate } from '@care/child-rules';
import { assertNever } from '@care/errors';
import { FACT_FLAGS, isFactFlag, type ChildFacts, type FactFlag } from './child-facts';
import {
  DIFFICULTY_TYPES,
  EDUCATION_STAGES,
  isDifficultyType,
  isEducationStage,
  type DifficultyType,
  type EducationStage,
} from './vocabulary';

/**
 * A target group (服务对象) as data, so a county can extend a group without code. The rule
 * speaks only of the child's facts; "is a migrant child who lives here" is checked once,
 * before any rule, by the entitlement engine.
 *
 * Ages are completed years (周岁) on the evaluation date, both bounds inclusive:
 * `ageBetween(0, 6)` is "0-6岁" = from birth to the day before the 7th birthday. That is how
 * the national basic public-health service counts 0～6岁儿童健康管理 (checks run until the
 * child turns 7) and how kindergartens count 3-6岁 (a child is 6 all through the last year).
 */
export type TargetRule =
  | { readonly op: 'everyone' } // every migrant child (流动儿童)
  | { readonly op: 'all'; readonly rules: readonly TargetRule[] } // 且
  | { readonly op: 'any'; readonly rules: readonly TargetRule[] } // 或
  | { readonly op: 'not'; readonly rule: TargetRule } // 非
  | { readonly op: 'ageBetween'; readonly min: number; readonly max: number }
  | { readonly op: 'educationStageIn'; readonly stages: readonly EducationStage[] }
  | { readonly op: 'flag'; readonly flag: FactFlag }
  | { readonly op: 'difficultyType'; readonly type: DifficultyType };

export type RuleOp = TargetRule['op'];

/** Children under 16 are the programme's scope; 17 leaves room for a county extending past it. */
export const MAX_RULE_AGE = 17;
const MAX_RULE_DEPTH = 8;
const MAX_RULE_NODES = 64;

export const rule = {
  everyone: (): TargetRule => ({ op: 'everyone' }),
  all: (...rules: TargetRule[]): TargetRule => ({ op: 'all', rules }),
  any: (...rules: TargetRule[]): TargetRule => ({ op: 'any', rules }),
  not: (inner: TargetRule): TargetRule => ({ op: 'not', rule: inner }),
  ageBetween: (min: number, max: number): TargetRule => ({ op: 'ageBetween', min, max }),
  educationStageIn: (...stages: EducationStage[]): TargetRule => ({ op: 'educationStageIn', stages }),
  flag: (flag: FactFlag): TargetRule => ({ op: 'flag', flag }),
  difficultyType: (type: DifficultyType): TargetRule => ({ op: 'difficultyType', type }),
};

/** Whether the child's facts satisfy the rule on `asOf` (ages are taken on that date). */
export function evaluateRule(target: TargetRule, facts: ChildFacts, asOf: LocalDate): boolean {
  switch (target.op) {
    case 'everyone':
      return true;
    case 'all':
      return target.rules.every((inner) => evaluateRule(inner, facts, asOf));
    case 'any':
      return target.rules.some((inner) => evaluateRule(inner, facts, asOf));
    case 'not':
      return !evaluateRule(target.rule, facts, asOf);
    case 'ageBetween': {
      // A birth date after asOf (bad data, or a date before birth) is in no age band.
      if (compareDates(asOf, facts.birthDate) < 0) return false;
      const age = completedYears(facts.birthDate, asOf);
      return age >= target.min && age <= target.max;
    }
    case 'educationStageIn':
      return target.stages.includes(facts.educationStage);
    case 'flag':
      return facts[target.flag];
    case 'difficultyType':
      return facts.difficultyTypes.includes(target.type);
    default:
      return assertNever(target, 'target rule');
  }
}

/**
 * The birthdays on which some age bound of the rule flips: the min-th anniversary (enters the
 * band) and the (max+1)-th (leaves it). Entitlements can change on these days with no event.
 */
export function ageBoundaryDates(target: TargetRule, birthDate: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  const walk = (node: TargetRule): void => {
    switch (node.op) {
      case 'everyone':
      case 'educationStageIn':
      case 'flag':
      case 'difficultyType':
        return;
      case 'all':
      case 'any':
        node.rules.forEach(walk);
        return;
      case 'not':
        walk(node.rule);
        return;
      case 'ageBetween':
        out.push(anniversary(birthDate, node.min), anniversary(birthDate, node.max + 1));
        return;
      default:
        assertNever(node, 'target rule');
    }
  };
  walk(target);
  return out;
}

/** Structural equality (order of `rules` and `stages` matters: it is how an editor wrote them). */
export function sameRule(a: TargetRule, b: TargetRule): boolean {
  return canonicalRule(a) === canonicalRule(b);
}

/** A stable text form, for equality and for diffs. */
export function canonicalRule(target: TargetRule): string {
  switch (target.op) {
    case 'everyone':
      return 'everyone';
    case 'all':
    case 'any':
      return `${target.op}(${target.rules.map(canonicalRule).join(',')})`;
    case 'not':
      return `not(${canonicalRule(target.rule)})`;
    case 'ageBetween':
      return `ageBetween(${target.min},${target.max})`;
    case 'educationStageIn':
      return `educationStageIn(${target.stages.join(',')})`;
    case 'flag':
      return `flag(${target.flag})`;
    case 'difficultyType':
      return `difficultyType(${target.type})`;
    default:
      return assertNever(target, 'target rule');
  }
}

/**
 * True when `candidate` provably covers every child `basis` covers: it is the same rule, or
 * an `any` that keeps the basis rule as one of its branches (the one way the editor extends a
 * target group). Anything else counts as narrowing, because a general implication test over
 * ages and flags is not worth the doubt it would leave.
 */
export function ruleExtends(candidate: TargetRule, basis: TargetRule): boolean {
  if (sameRule(candidate, basis)) return true;
  return candidate.op === 'any' && candidate.rules.some((branch) => ruleExtends(branch, basis));
}

/** The rule in Chinese, for editors and families (e.g. `年龄3至6周岁 且 非（教育阶段为小学）`). */
export function describeRule(target: TargetRule): string {
  switch (target.op) {
    case 'everyone':
      return '所有流动儿童';
    case 'all':
      return target.rules.length === 0 ? '所有流动儿童' : target.rules.map(describeNested).join(' 且 ');
    case 'any':
      return target.rules.length === 0 ? '无' : target.rules.map(describeNested).join(' 或 ');
    case 'not':
      return `非（${describeRule(target.rule)}）`;
    case 'ageBetween':
      return `年龄${target.min}至${target.max}周岁`;
    case 'educationStageIn':
      return `教育阶段为${target.stages.map((s) => EDUCATION_STAGES[s].nameZh).join('、')}`;
    case 'flag':
      return FACT_FLAGS[target.flag];
    case 'difficultyType':
      return `困境类型含${DIFFICULTY_TYPES[target.type].nameZh}`;
    default:
      return assertNever(target, 'target rule');
  }
}

function describeNested(target: TargetRule): string {
  const text = describeRule(target);
  return (target.op === 'all' || target.op === 'any') && target.rules.length > 1 ? `（${text}）` : text;
}

export interface RuleProblem {
  /** Where in the submitted rule, e.g. `eligibility.rules[1].min`. */
  readonly path: string;
  /** The broken rule, in Chinese, naming the field. */
  readonly message: string;
}

export type RuleParseResult =
  | { readonly ok: true; readonly rule: TargetRule }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

/**
 * Reads a rule from untrusted data (a county editor's request, a stored document, the seed
 * file) and returns a clean copy or every problem, in Chinese.
 */
export function parseTargetRule(value: unknown, path = 'eligibility'): RuleParseResult {
  const problems: RuleProblem[] = [];
  let nodes = 0;

  const parse = (node: unknown, at: string, depth: number): TargetRule | undefined => {
    nodes += 1;
    if (nodes > MAX_RULE_NODES) {
      if (nodes === MAX_RULE_NODES + 1)
        problems.push({ path: at, message: `${path}：规则节点不能超过${MAX_RULE_NODES}个` });
      return undefined;
    }
    if (depth > MAX_RULE_DEPTH) {
      problems.push({ path: at, message: `${at}：规则嵌套不能超过${MAX_RULE_DEPTH}层` });
      return undefined;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      problems.push({ path: at, message: `${at}：须为规则对象（含 op 字段）` });
      return undefined;
    }
    const record = node as Record<string, unknown>;
    const op = record.op;
    const allowedKeys: Record<RuleOp, readonly string[]> = {
      everyone: ['op'],
      all: ['op', 'rules'],
      any: ['op', 'rules'],
      not: ['op', 'rule'],
      ageBetween: ['op', 'min', 'max'],
      educationStageIn: ['op', 'stages'],
      flag: ['op', 'flag'],
      difficultyType: ['op', 'type'],
    };
    if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(allowedKeys, op)) {
      problems.push({
        path: `${at}.op`,
        message: `${at}.op：须为 ${Object.keys(allowedKeys).join('、')} 之一`,
      });
      return undefined;
    }
    const knownOp = op as RuleOp;
    const extra = Object.keys(record).filter((key) => !allowedKeys[knownOp].includes(key));
    if (extra.length > 0) {
      problems.push({ path: at, message: `${at}：${knownOp} 规则不接受字段 ${extra.join('、')}` });
      return undefined;
    }
    switch (knownOp) {
      case 'everyone':
        return { op: 'everyone' };
      case 'all':
      case 'any': {
        if (!Array.isArray(record.rules)) {
          problems.push({ path: `${at}.rules`, message: `${at}.rules：须为规则数组` });
          return undefined;
        }
        if (knownOp === 'any' && record.rules.length === 0) {
          problems.push({
            path: `${at}.rules`,
            message: `${at}.rules：any 规则至少包含一个子规则（空的 any 不匹配任何儿童）`,
          });
          return undefined;
        }
        const rules = record.rules.map((inner, i) => parse(inner, `${at}.rules[${i}]`, depth + 1));
        return rules.every((r): r is TargetRule => r !== undefined) ? { op: knownOp, rules } : undefined;
      }
      case 'not': {
        const inner = parse(record.rule, `${at}.rule`, depth + 1);
        return inner === undefined ? undefined : { op: 'not', rule: inner };
      }
      case 'ageBetween': {
        const { min, max } = record;
        const isAge = (v: unknown): v is number =>
          typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_RULE_AGE;
        if (!isAge(min))
          problems.push({
            path: `${at}.min`,
            message: `${at}.min：须为0至${MAX_RULE_AGE}之间的整数（周岁）`,
          });
        if (!isAge(max))
          problems.push({
            path: `${at}.max`,
            message: `${at}.max：须为0至${MAX_RULE_AGE}之间的整数（周岁）`,
          });
        if (!isAge(min) || !isAge(max)) return undefined;
        if (min > max) {
          problems.push({ path: at, message: `${at}：年龄下限${min}不能大于上限${max}` });
          return undefined;
        }
        return { op: 'ageBetween', min, max };
      }
      case 'educationStageIn': {
        const stages = record.stages;
        if (!Array.isArray(stages) || stages.length === 0) {
          problems.push({ path: `${at}.stages`, message: `${at}.stages：须为非空的教育阶段数组` });
          return undefined;
        }
        const bad = stages.filter((s) => !isEducationStage(s));
        if (bad.length > 0) {
          problems.push({
            path: `${at}.stages`,
            message: `${at}.stages：未知的教育阶段 ${bad.map(String).join('、')}（可选：${Object.keys(EDUCATION_STAGES).join('、')}）`,
          });
          return undefined;
        }
        return { op: 'educationStageIn', stages: [...new Set(stages as EducationStage[])] };
      }
      case 'flag':
        if (!isFactFlag(record.flag)) {
          problems.push({
            path: `${at}.flag`,
            message: `${at}.flag：未知的儿童情形（可选：${Object.keys(FACT_FLAGS).join('、')}）`,
          });
          return undefined;
        }
        return { op: 'flag', flag: record.flag };
      case 'difficultyType':
        if (!isDifficultyType(record.type)) {
          problems.push({
            path: `${at}.type`,
            message: `${at}.type：未知的困境类型（可选：${Object.keys(DIFFICULTY_TYPES).join('、')}）`,
          });
          return undefined;
        }
        return { op: 'difficultyType', type: record.type };
      default:
        return assertNever(knownOp, 'rule op');
    }
  };

  const parsed = parse(value, path, 1);
  return parsed !== undefined && problems.length === 0 ? { ok: true, rule: parsed } : { ok: false, problems };
}
