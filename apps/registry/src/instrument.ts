// Loaded by the first line of main.ts: telemetry must start before http, express and
// @grpc/grpc-js are required, or their instrumentation never patches them.
import { startTelemetry } from '@care/observability';
import { loadRegistryConfig } from './config';

export const config = loadRegistryConfig();
export const telemetry = startTelemetry({
  serviceName: config.SERVICE_NAME,
  exporter: config.OTEL_TRACES_EXPORTER,
  otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
});
