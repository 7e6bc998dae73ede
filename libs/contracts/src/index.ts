// Generated protobuf contracts (ts-proto, from proto/) and the topic registry.
export * as common from './common';
export * as registry from './registry';
export * as catalogue from './catalogue';
export * as education from './education';
export * as gateway from './gateway';
export * as monitoring from './monitoring';
export * as department from './department';
export * as envelope from './envelope';
export * from './topics';
export * from './proto-path';
