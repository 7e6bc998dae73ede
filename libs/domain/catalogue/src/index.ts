// @care/catalogue — the service list (服务清单) and entitlements: pure rules, no I/O.
export * from './vocabulary';
export * from './child-facts';
export * from './target-rule';
export * from './service-list';
export * from './city-list';
export * from './county-list';
export * from './list-diff';
export * from './entitlements';
