export * from './mongo.module';
export * from './paging';
export * from './scoped-repository';
export * from './filters';
export * from './bulk-write';
export * from './duplicate-key';
