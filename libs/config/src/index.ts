export * from './load-config';
export * from './fragments';
export * from './config.module';
