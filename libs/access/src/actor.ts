import { unauthenticated } from '@care/errors';

// Who is calling. STAND-IN: in this wave the identity comes from plain request headers
// (HTTP) or call metadata (gRPC) that the caller sets itself. That is only acceptable behind
// a trusted network edge; the sign-in gateway of a later wave will authenticate users (MLPS
// level 3: unique users, two-factor sign-in) and replace these headers with a verified token.
// Nothing here authenticates anybody: it only parses and validates what the caller claims.

/**
 * Every role of the platform, in ONE place. A later department (education, health insurance,
 * welfare, housing and transport) adds its roles here and a label in ROLE_LABELS; each app's
 * permission table is a `Record<Role, ...>` or an exhaustive switch, so the compiler then lists
 * every place that must decide what the new role may do.
 */
export const ROLES = [
  'civil-affairs-admin',
  'civil-affairs-officer',
  'child-director',
  'department-officer',
  'auditor',
] as const;

/**
 * - civil-affairs-admin   民政局管理员: runs the county's registry (rounds, imports, exports).
 * - civil-affairs-officer 民政工作人员: keeps the records of the counties they serve.
 * - child-director        儿童主任: village/community worker who visits the children.
 * - department-officer    其他部门工作人员: reads facts for their department's services.
 * - auditor               审计员: reads the audit trail, never personal data (separation of duties).
 */
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  'civil-affairs-admin': '民政局管理员',
  'civil-affairs-officer': '民政工作人员',
  'child-director': '儿童主任',
  'department-officer': '部门工作人员',
  auditor: '审计员',
};

/**
 * Special duties (专项职责) a person holds on top of their role, for records that even their own
 * department's other staff must not read. Declared here, in ONE place, like ROLES; sent in the
 * optional DUTY_HEADER (a comma list; STAND-IN like the other identity headers).
 * - mental-health 精神卫生/心理健康专干: the health department's staff who handle mental-health
 *   referrals (apps/health-insurance mental-health).
 * - severe-mental-disorder 严重精神障碍管理专干（精防人员）: the health department's staff who keep
 *   the records of diagnosed patients managed at home, their follow-ups and community
 *   rehabilitation referrals (apps/health-insurance severe-mental-disorder). A duty of its own:
 *   holding mental-health does not open these records, nor the reverse.
 */
export const DUTIES = ['mental-health', 'severe-mental-disorder'] as const;
export type Duty = (typeof DUTIES)[number];
export const DUTY_LABELS: Readonly<Record<Duty, string>> = {
  'mental-health': '精神卫生（心理健康）专干',
  'severe-mental-disorder': '严重精神障碍管理专干',
};
export const DUTY_HEADER = 'x-duties';

export function isDuty(value: unknown): value is Duty {
  return typeof value === 'string' && (DUTIES as readonly string[]).includes(value);
}

/** True when the actor holds the duty (sent in DUTY_HEADER). */
export function hasDuty(actor: Actor, duty: Duty): boolean {
  return actor.duties?.includes(duty) ?? false;
}

export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The actor's department code (e.g. `DEPARTMENT_CIVIL_AFFAIRS`); recorded in the audit trail. */
  readonly department: string;
  /**
   * GB/T 2260 codes (6 digits) whose records the actor may touch: counties, and a city's own code
   * for city-level resources (e.g. the city's basic service list). Matched exactly: a city code
   * never stands for the city's counties.
   */
  readonly countyCodes: readonly string[];
  /** Special duties (DUTIES), present only when DUTY_HEADER was sent. */
  readonly duties?: readonly Duty[];
  /**
   * 9-digit township codes (乡镇/街道) the actor is limited to inside their counties, present only
   * for a township-level worker signed in with a token (a child supervisor, 儿童督导员). The header
   * stand-in never sets it.
   */
  readonly townshipCodes?: readonly string[];
}

export const ACTOR_HEADERS = {
  userId: 'x-user-id',
  role: 'x-role',
  department: 'x-department',
  countyCodes: 'x-county-codes',
} as const;

const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;
const DEPARTMENT = /^[A-Za-z0-9_-]{1,64}$/;
const COUNTY_CODE = /^[0-9]{6}$/;

const TOWNSHIP_CODE = /^[0-9]{9}$/;

/** The identifier rule of a user or a service client: 1-64 letters, digits or `._@-`. */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

/** A department code: the `common.v1.Department` enum name, 1-64 letters, digits or `_-`. */
export function isDepartmentCode(value: unknown): value is string {
  return typeof value === 'string' && DEPARTMENT.test(value);
}

/** A 6-digit GB/T 2260 code (a county, or a city's own code). */
export function isCountyCode(value: unknown): value is string {
  return typeof value === 'string' && COUNTY_CODE.test(value);
}

/** A 9-digit township code (乡镇/街道): its county's 6 digits and 3 more. */
export function isTownshipCode(value: unknown): value is string {
  return typeof value === 'string' && TOWNSHIP_CODE.test(value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A header or metadata value as received: absent, one value, or repeated. */
export type RawHeaderValue = string | readonly string[] | undefined;

function single(value: RawHeaderValue, header: string): string {
  if (value === undefined) throw unauthenticated(`缺少身份信息：请求头 ${header} 必填`, { header });
  if (typeof value !== 'string') {
    if (value.length !== 1)
      throw unauthenticated(`身份信息不正确：请求头 ${header} 只能出现一次`, { header });
    return single(value[0], header);
  }
  const trimmed = value.trim();
  if (trimmed === '') throw unauthenticated(`缺少身份信息：请求头 ${header} 不能为空`, { header });
  return trimmed;
}

/**
 * Builds the Actor from the four identity values, or throws an `unauthenticated` DomainError
 * naming the header and the rule. The values are identifiers, not personal data, so echoing the
 * header name (never its value) in the message is safe.
 */
export function parseActor(get: (header: string) => RawHeaderValue): Actor {
  const userId = single(get(ACTOR_HEADERS.userId), ACTOR_HEADERS.userId);
  if (!USER_ID.test(userId)) {
    throw unauthenticated(`身份信息不正确：${ACTOR_HEADERS.userId} 须为1至64位字母、数字或 ._@-`, {
      header: ACTOR_HEADERS.userId,
    });
  }
  const role = single(get(ACTOR_HEADERS.role), ACTOR_HEADERS.role);
  if (!isRole(role)) {
    throw unauthenticated(`身份信息不正确：${ACTOR_HEADERS.role} 须为 ${ROLES.join('、')} 之一`, {
      header: ACTOR_HEADERS.role,
    });
  }
  const department = single(get(ACTOR_HEADERS.department), ACTOR_HEADERS.department);
  if (!DEPARTMENT.test(department)) {
    throw unauthenticated(`身份信息不正确：${ACTOR_HEADERS.department} 须为1至64位字母、数字或 _-`, {
      header: ACTOR_HEADERS.department,
    });
  }
  const rawCounties = single(get(ACTOR_HEADERS.countyCodes), ACTOR_HEADERS.countyCodes);
  const countyCodes = [
    ...new Set(
      rawCounties
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    ),
  ];
  if (countyCodes.length === 0 || !countyCodes.every((c) => COUNTY_CODE.test(c))) {
    throw unauthenticated(`身份信息不正确：${ACTOR_HEADERS.countyCodes} 须为逗号分隔的6位区县代码`, {
      header: ACTOR_HEADERS.countyCodes,
    });
  }
  const rawDuties = get(DUTY_HEADER);
  if (rawDuties === undefined)
    return Object.freeze({ userId, role, department, countyCodes: Object.freeze(countyCodes) });
  const dutyList = [
    ...new Set(
      single(rawDuties, DUTY_HEADER)
        .split(',')
        .map((d) => d.trim())
        .filter((d) => d !== ''),
    ),
  ];
  if (!dutyList.every(isDuty)) {
    throw unauthenticated(`身份信息不正确：${DUTY_HEADER} 须为逗号分隔的 ${DUTIES.join('、')}`, {
      header: DUTY_HEADER,
    });
  }
  return Object.freeze({
    userId,
    role,
    department,
    countyCodes: Object.freeze(countyCodes),
    duties: Object.freeze(dutyList),
  });
}
