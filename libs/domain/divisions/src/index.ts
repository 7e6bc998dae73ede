export * from './divisions';
export * from './management-areas';
export * from './central-urban';
