export * from './generated/catalogue/v1/catalogue';
export * from './generated/catalogue/v1/events';
