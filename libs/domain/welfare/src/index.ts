// @care/welfare-rules — 社会救助与残疾人服务 (市民政局, 市残联): allowances, assistance, disability subsidies, guardianship cases.
// Pure rules, no I/O; the service in apps/ stores and publishes.
export * from './guardianship';
export * from './assistance';
