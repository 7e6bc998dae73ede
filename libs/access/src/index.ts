// @care/access — who is calling (the header stand-in for the sign-in gateway) and what they may touch.
export * from './actor';
export * from './scope';
export * from './permission-table';
export * from './current-actor';
export * from './county-scope.guard';
export * from './api-actor-headers';
export * from './access.module';
