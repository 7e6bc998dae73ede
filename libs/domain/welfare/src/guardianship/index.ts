export * from './vocabulary';
export * from './case-status';
export * from './rule-error';
export * from './due-dates';
export * from './transitions';
