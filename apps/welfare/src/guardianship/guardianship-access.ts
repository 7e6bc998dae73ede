import { definePermissions, type Actor } from '@care/access';
import type { DepartmentId } from '@care/catalogue';
import { actorDepartmentId } from '@care/department-kit';
import { assertNever, permissionDenied } from '@care/errors';
import { GUARDIANSHIP_PARTY_LABELS, type GuardianshipParty } from '@care/welfare-rules';

/**
 * Who reaches the guardianship-case API at all. Which step each may take is the rules' (the
 * party of the actor, below); the auditor never reads case narratives (separation of duties).
 */
export const GUARDIANSHIP_PERMISSIONS = definePermissions(
  {
    'cases.read': '查看监护缺失案件',
    'cases.act': '办理监护缺失案件',
  },
  {
    'civil-affairs-admin': ['cases.read', 'cases.act'],
    'civil-affairs-officer': ['cases.read', 'cases.act'],
    'child-director': ['cases.read', 'cases.act'],
    'department-officer': ['cases.read', 'cases.act'],
    auditor: [],
  },
);

/** The departments with a part in a case (seed §10), as the party they act as. */
const DEPARTMENT_PARTIES: Readonly<Partial<Record<DepartmentId, GuardianshipParty>>> = {
  'civil-affairs': 'civil-affairs',
  'public-security': 'police',
  procuratorate: 'procuratorate',
  court: 'court',
  'womens-federation': 'womens-federation',
  'education-sports': 'education',
};

/**
 * The party an actor acts as: the child director (儿童主任) works for the village/residents'
 * committee; civil-affairs staff for civil affairs (and its protection and welfare
 * institutions); a department officer for their department when it has a part in the case.
 */
export function partyOf(actor: Actor): GuardianshipParty | undefined {
  switch (actor.role) {
    case 'child-director':
      return 'committee';
    case 'civil-affairs-admin':
    case 'civil-affairs-officer':
      return 'civil-affairs';
    case 'auditor':
      return undefined;
    case 'department-officer': {
      const department = actorDepartmentId(actor);
      return department === undefined ? undefined : DEPARTMENT_PARTIES[department];
    }
    default:
      return assertNever(actor.role, 'role');
  }
}

/** The actor's party, or permission-denied naming the parties that take part in a case. */
export function requireParty(actor: Actor): GuardianshipParty {
  const party = partyOf(actor);
  if (party === undefined)
    throw permissionDenied(
      `监护缺失案件仅由${Object.values(GUARDIANSHIP_PARTY_LABELS).join('、')}办理，当前身份无权查看或办理`,
      { role: actor.role },
    );
  return party;
}
