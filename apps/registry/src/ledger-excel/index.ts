// The Attachment 1 workbook codec (附件1 重点关爱服务对象信息台账): pure, no Nest, no database.
export * from './columns';
export * from './normalise';
export * from './ledger-row';
export * from './reader';
export * from './writer';
