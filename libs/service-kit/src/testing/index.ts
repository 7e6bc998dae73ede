// @care/service-kit/testing — for integration tests only: a service booted in isolation on the
// real broker and database, the topic probe, and small helpers.
export * from './support';
export * from './topic-probe';
export * from './test-service';
export * from './test-publisher';
export * from './child-facts';
export * from './tcp-link';
