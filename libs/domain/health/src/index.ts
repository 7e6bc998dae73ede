// @care/health-rules — 卫生健康与医疗保障 (市卫健委, 市医保局): immunisation schedule, medical insurance, mental-health referral.
// Pure rules, no I/O; the service in apps/ stores and publishes.
export * from './problem';
export * from './schedule';
export * from './immunisation-status';
export * from './dose-validation';
export * from './medical-insurance';
export * from './mental-health';
export * from './child-health';
export * from './family-doctor';
export * from './severe-mental-disorder';
