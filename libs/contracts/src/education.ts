export * from './generated/education/v1/education_service';
export * from './generated/education/v1/events';
