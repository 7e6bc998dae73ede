export * from './status-mapping';
export * from './error-metadata';
export * from './exception-filters';
export * from './validation';
export * from './server-options';
export * from './hybrid';
export * from './client';
export * from './client.module';
