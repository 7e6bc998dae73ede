export * from './generated/registry/v1/events';
export * from './generated/registry/v1/registry_service';
