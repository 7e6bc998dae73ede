// The sign-in service's audit actions (the kit's AuditTrail takes any string; this service's store
// refuses any other than these, and the auditors' query filters by them).
export const AUTH_AUDIT_ACTIONS = [
  /** A person signed in (password and TOTP both right): a session began. */
  'sign-in',
  /** A sign-in attempt failed: wrong password, wrong or replayed TOTP code, unknown name, disabled or roleless account. */
  'sign-in-failed',
  /** Too many failures: the account is locked until the purpose's time. */
  'account-locked',
  /** A system admin lifted a lock before it ran out. */
  'account-unlocked',
  /** A person confirmed their TOTP secret with a first code. */
  'totp-enrolled',
  /** A person ended their session. */
  'sign-out',
  /** A system admin created an account (without a role: the security admin assigns it). */
  'account-created',
  'account-disabled',
  'account-enabled',
  /** A system admin set a new initial password (the person must sign in with it). */
  'password-reset',
  /** A system admin cleared the TOTP secret (the person enrols again at the next sign-in). */
  'totp-reset',
  /** A security admin changed an account's role, department, counties, townships or duties. */
  'role-changed',
  /** A security admin registered a service client (client-credentials identity). */
  'service-client-created',
  /** A service client was refused a token (wrong secret, unknown or disabled client). */
  'service-token-refused',
  /** A security admin rotated the token signing key. */
  'signing-key-rotated',
] as const;
export type AuthAuditAction = (typeof AUTH_AUDIT_ACTIONS)[number];
