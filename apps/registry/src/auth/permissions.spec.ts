import { ROLES, type Role } from '@care/access';
import {
  PERSONAL_FIELDS,
  mayExportNational,
  mayReadAuditTrail,
  mayRevealField,
  type PersonalField,
} from './permissions';

// The full matrix, one row per role, so a policy change is a visible diff of this table.
const REVEAL: Record<Role, readonly PersonalField[]> = {
  'civil-affairs-admin': PERSONAL_FIELDS,
  'civil-affairs-officer': PERSONAL_FIELDS,
  'child-director': ['name', 'residenceAddress', 'guardianName', 'guardianPhone'],
  'department-officer': [],
  auditor: [],
};

describe('reveal policy', () => {
  const rows = ROLES.flatMap((role) =>
    PERSONAL_FIELDS.map((field) => [role, field, REVEAL[role].includes(field)] as const),
  );
  it.each(rows)('%s may reveal %s: %s', (role, field, allowed) => {
    expect(mayRevealField(role, field)).toBe(allowed);
  });

  it.each<[Role, boolean, boolean, string]>([
    ['civil-affairs-admin', true, false, 'runs the county registry, reports to the national system'],
    ['civil-affairs-officer', true, false, 'keeps the records'],
    ['child-director', false, false, 'front line: sees what visits need, exports nothing'],
    ['department-officer', false, false, 'works from facts only'],
    ['auditor', false, true, 'reads the audit trail, never the data'],
  ])('%s: export %s, audit %s (%s)', (role, exports, audits) => {
    expect(mayExportNational(role)).toBe(exports);
    expect(mayReadAuditTrail(role)).toBe(audits);
  });
});
