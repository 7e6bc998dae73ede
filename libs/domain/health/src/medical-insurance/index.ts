// 城乡居民基本医疗保险 (市医保局): enrolment where the child lives, its states, 异地就医备案.
export * from './standard';
export * from './eligibility';
export * from './enrolment-state';
export * from './settlement-filing';
