export * from './generated/common/v1/child_facts';
export * from './generated/common/v1/department';
export * from './generated/common/v1/service_delivery';
