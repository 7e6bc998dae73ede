// 家庭医生签约 (Heze list HZ-06): contracts, renewal, termination, move-out, expiry.
export * from './vocabulary';
export * from './rules';
