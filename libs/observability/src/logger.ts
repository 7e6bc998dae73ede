import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { maskPersonalPatterns, REDACT_PATHS, REDACTED } from './redaction';
import { currentTraceFields } from './trace-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Wraps a destination so every serialized line passes the value-level mask before it is written. */
export function maskingDestination(inner: DestinationStream): DestinationStream {
  return { write: (line: string) => inner.write(maskPersonalPatterns(line)) };
}

export interface CreateLoggerOptions {
  readonly level?: LogLevel;
  /** Defaults to stdout. Tests pass a collecting stream. */
  readonly destination?: DestinationStream;
}

export function loggerOptions(serviceName: string, level: LogLevel = 'info'): LoggerOptions {
  return {
    level,
    // `service`, not pino's `name`: top-level `name` is a child's name and is redacted.
    base: { service: serviceName, pid: process.pid },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    mixin: () => ({ ...currentTraceFields() }),
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** The structured logger of a service: JSON lines with trace_id/span_id, personal data redacted. */
export function createLogger(serviceName: string, options: CreateLoggerOptions = {}): Logger {
  return pino(
    loggerOptions(serviceName, options.level),
    maskingDestination(options.destination ?? pino.destination({ dest: 1, sync: false })),
  );
}
