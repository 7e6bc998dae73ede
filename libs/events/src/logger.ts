/**
 * The logging the event backbone needs, shaped like pino's `(fields, message)` so an app passes
 * its pino logger as is. Fields carry ids, topics and offsets only: event payloads and keys stay
 * out of logs (a key is a child's id, a payload may hold personal data).
 */
export interface EventsLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON line per entry on stderr, from `minLevel` up: the default when an app passes none. */
export function consoleLogger(minLevel: Level = 'warn', name = 'events'): EventsLogger {
  const write = (level: Level) => (fields: object, message: string) => {
    if (RANK[level] < RANK[minLevel]) return;
    process.stderr.write(
      `${JSON.stringify({ level, time: new Date().toISOString(), name, msg: message, ...fields })}\n`,
    );
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: EventsLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function errorFields(error: unknown): { err: { name: string; message: string } } {
  return error instanceof Error
    ? { err: { name: error.name, message: error.message } }
    : { err: { name: 'NonError', message: String(error) } };
}
