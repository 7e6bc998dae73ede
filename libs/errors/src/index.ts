export * from './domain-error';
export * from './factories';
