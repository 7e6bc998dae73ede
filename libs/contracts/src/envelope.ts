export * from './generated/events/v1/envelope';
