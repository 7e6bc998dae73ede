export * from './generated/gateway/v1/events';
