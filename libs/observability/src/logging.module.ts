import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { createLogger, type LogLevel } from './logger';

export interface LoggingModuleOptions {
  readonly serviceName: string;
  readonly level?: LogLevel;
  readonly destination?: DestinationStream;
}

const QUIET_PATHS = new Set(['/metrics', '/health/live', '/health/ready']);

/**
 * nestjs-pino wired to `createLogger`: request logs and every `Logger` call carry trace ids and
 * pass redaction. In main.ts: `NestFactory.create(AppModule, { bufferLogs: true })` then
 * `app.useLogger(app.get(Logger))` (Logger from nestjs-pino).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions): DynamicModule {
    const logger = createLogger(options.serviceName, {
      level: options.level,
      destination: options.destination,
    });
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            autoLogging: {
              ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
            },
            // Only what an operator needs: bodies and query strings may hold personal data.
            serializers: {
              req: (req: IncomingMessage & { id?: unknown }) => ({
                id: req.id,
                method: req.method,
                path: (req.url ?? '').split('?')[0],
              }),
              res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
