export * from './local-date';
export * from './migrant-status';
export * from './difficulty-type';
export * from './key-care';
export * from './verification';
export * from './visits';
export * from './key-care-ledger';
