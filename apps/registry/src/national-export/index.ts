export * from './csv';
export * from './export-source';
export * from './mapping';
export * from './national-export.service';
export * from './national-export.module';
