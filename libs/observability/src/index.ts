// Keep this barrel free of anything that loads http, express or @grpc/grpc-js at import time:
// main.ts imports it before startTelemetry() patches those modules (index.spec.ts checks).
export * from './telemetry';
export * from './trace-context';
export * from './redaction';
export * from './logger';
export * from './logging.module';
export * from './metrics';
export * from './health';
