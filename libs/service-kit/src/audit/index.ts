export * from './audit-entry';
export * from './audit-store';
export * from './audit-trail';
export * from './audit-chain-key';
export * from './mongo-audit-store';
export * from './in-memory-audit-store';
export * from './audit.module';
