export * from './programme';
export * from './management';
export * from './rehabilitation';
