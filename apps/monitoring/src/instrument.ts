// The first import of main.ts: config, then telemetry before http, express and grpc load.
import { instrumentService } from '@care/service-kit';
import { loadMonitoringConfig } from './config';

export const { config, telemetry } = instrumentService(loadMonitoringConfig);
