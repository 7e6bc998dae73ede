export * from './generated/monitoring/v1/events';
