// The registry's audit actions (the kit's AuditTrail takes any string; the registry's store
// refuses any other than these, and the auditors' query filters by them).
export const REGISTRY_AUDIT_ACTIONS = [
  /** A personal field was shown in clear to a person. */
  'reveal',
  /** Someone asked for a field in clear and was refused (kept: refused attempts matter to auditors). */
  'reveal-denied',
  /** Full records left the system in a file (national export); one entry per file. */
  'export',
  /** An export was asked for and refused. */
  'export-denied',
  /** A department matched ID numbers it holds (a school roster) to children; one entry per call and county. */
  'match',
  /** Names and ID numbers of the children a department's report lists (ReadChildIdentities); one entry per call. */
  'reveal-list',
] as const;
export type RegistryAuditAction = (typeof REGISTRY_AUDIT_ACTIONS)[number];
