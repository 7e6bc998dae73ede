// 0～3岁儿童健康管理 (国家基本公共卫生服务规范（第三版）): the visits as data, each child's status, the check of a visit.
export * from './visit-schedule';
export * from './visit-status';
export * from './visit-validation';
export * from './institution-code';
