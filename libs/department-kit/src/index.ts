// @care/department-kit — what every department service shares (README.md).
export * from './department-config';
export * from './department-access';
export * from './facts-from-proto';
export * from './worklist-rules';
export * from './entitlement-state';
export * from './projection.schema';
export * from './projection.service';
export * from './entitlements.repository';
export * from './deliveries.service';
export * from './delivery-list';
export * from './delivery-import.service';
export * from './registry-match';
export { CountyPageQueryDto } from './deliveries.dto';
export * from './department-kit.module';
