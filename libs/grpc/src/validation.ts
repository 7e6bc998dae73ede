import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalidArgument, type DomainError } from '@care/errors';

// class-validator constraint names -> the rule as a Chinese reader sees it.
const RULES_ZH: Readonly<Record<string, string>> = {
  whitelistValidation: '不允许的字段',
  isDefined: '必填',
  isNotEmpty: '不能为空',
  isString: '须为文本',
  isInt: '须为整数',
  isNumber: '须为数字',
  isBoolean: '须为是/否',
  isArray: '须为列表',
  arrayMinSize: '列表项数过少',
  arrayMaxSize: '列表项数过多',
  arrayNotEmpty: '列表不能为空',
  isEnum: '取值不在允许范围内',
  isIn: '取值不在允许范围内',
  min: '数值过小',
  max: '数值过大',
  minLength: '长度过短',
  maxLength: '长度过长',
  length: '长度不符合要求',
  matches: '格式不正确',
  isDateString: '须为日期（YYYY-MM-DD）',
  isISO8601: '须为日期时间（ISO 8601）',
  isObject: '须为对象',
  nestedValidation: '须为对象',
};

const CJK = /[\u4e00-\u9fff]/;

interface FieldProblem {
  readonly field: string;
  readonly constraint: string;
  readonly rule: string;
}

function collect(errors: readonly ValidationError[], parent: string, out: FieldProblem[]): FieldProblem[] {
  for (const error of errors) {
    const field =
      parent === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
    for (const [constraint, text] of Object.entries(error.constraints ?? {})) {
      // A DTO may spell its own Chinese message; otherwise the constraint's Chinese name.
      out.push({
        field,
        constraint,
        rule: CJK.test(text) ? text : (RULES_ZH[constraint] ?? `不满足规则 ${constraint}`),
      });
    }
    collect(error.children ?? [], field, out);
  }
  return out;
}

/** The DomainError for a failed class-validator run: names the first field and rule, lists all in details. */
export function validationErrorToDomainError(errors: readonly ValidationError[]): DomainError {
  const problems = collect(errors, '', []);
  const first = problems[0] ?? { field: '(body)', constraint: 'unknown', rule: '格式不正确' };
  const message = problems.map((p) => `字段 ${p.field}：${p.rule}`).join('；');
  const details: Record<string, string> = { constraint: first.constraint };
  problems.forEach((p, i) => {
    details[`problem${i}`] = `${p.field}:${p.constraint}`;
  });
  return invalidArgument(first.field, first.rule, message || `字段 ${first.field}：${first.rule}`, details);
}

/** The global pipe of every app: strips nothing silently (unknown fields are an error), converts types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationErrorToDomainError(errors),
  });
}
