export * from './generated/department/v1/department_service';
