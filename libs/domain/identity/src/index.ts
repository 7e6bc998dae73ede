export * from './check-character';
export * from './normalize';
export * from './reasons';
export * from './id-number';
