// @care/exchange-rules — 居住地与户籍地信息推送、比对 (seed §6): the record two cities exchange,
// its validation, field-by-field comparison, the streaming full reconciliation and its Excel
// report. Pure rules over records and streams, no transport and no database: apps/gateway
// sends, receives and stores.
export * from './record';
export * from './fields';
export * from './compare';
export * from './reconcile';
export * from './report';
