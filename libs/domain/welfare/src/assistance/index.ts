export * from './kinds';
export * from './vocabulary';
export * from './rule-error';
export * from './due-dates';
export * from './transitions';
export * from './huyou-list';
export * from './move-out';
