// @care/service-kit — the shape every service of the platform shares (README.md).
export * from './clock';
export * from './service-config';
export * from './service-kit.module';
export * from './outbox';
export * from './bootstrap';
export * from './page-query.dto';
export * from './sealing';
export * from './audit';
export * from './read-purpose.dto';
