// Loaded first by main.ts: telemetry must start before http, express and grpc are required.
import { startTelemetry } from '@care/observability';
import { loadServicesCatalogConfig } from './config';

export const config = loadServicesCatalogConfig();
export const telemetry = startTelemetry({
  serviceName: config.SERVICE_NAME,
  exporter: config.OTEL_TRACES_EXPORTER,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});
