export * from './actor';
export * from './permissions';
export * from './current-actor';
export * from './county-scope.guard';
export * from './auth.module';
