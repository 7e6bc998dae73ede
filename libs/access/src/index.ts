// @care/access — who is calling (a verified access token, or the header stand-in in development
// and tests) and what they may touch.
export * from './actor';
export * from './admin-roles';
export * from './scope';
export * from './permission-table';
export * from './current-actor';
export * from './county-scope.guard';
export * from './api-actor-headers';
export * from './access-config';
export * from './token-claims';
export * from './token-verifier';
export * from './access-authentication.guard';
export * from './service-token';
export * from './service-caller';
export * from './access.module';
