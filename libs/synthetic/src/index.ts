export * from './generator';
export * from './ledger-row';
export * from './education';
export { Rng, weighted, type WeightedTable } from './random';
export type { HukouOrigin } from './places';
