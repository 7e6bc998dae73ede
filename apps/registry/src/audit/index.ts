export * from './audit-entry';
export * from './audit-store';
export * from './audit-trail';
export * from './mongo-audit-store';
export * from './audit.module';
