import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Module,
  Res,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
} from '@nestjs/common';

/** One dependency the service needs before it takes traffic (mongo ping, Kafka producer connected, ...). */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves when ready; rejects or resolves `false` when not. */
  check(): Promise<boolean | void>;
  /** Default 2000 ms: a hung dependency must not hang the probe. */
  readonly timeoutMs?: number;
}

export type CheckOutcome = 'up' | 'down' | 'timeout';

export interface ReadinessReport {
  readonly status: 'ready' | 'not-ready';
  readonly checks: Readonly<Record<string, CheckOutcome>>;
  readonly failed: readonly string[];
}

export const READINESS_CHECKS = Symbol.for('care.health.checks');

const logger = new Logger('Readiness');

async function run(check: ReadinessCheck): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), check.timeoutMs ?? 2000);
  });
  const attempt = check.check().then(
    (result): CheckOutcome => (result === false ? 'down' : 'up'),
    (error: unknown): CheckOutcome => {
      // The reason goes to the log only: it may hold hosts or credentials.
      logger.warn(
        `readiness check ${check.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 'down';
    },
  );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Holds the checks; modules may add their own at init (`registry.register(mongoReadinessCheck(connection))`). */
@Injectable()
export class ReadinessRegistry {
  private readonly checks: ReadinessCheck[];

  constructor(@Inject(READINESS_CHECKS) initial: ReadinessCheck[]) {
    this.checks = [...initial];
  }

  register(check: ReadinessCheck): void {
    if (this.checks.some((existing) => existing.name === check.name))
      throw new Error(`readiness check ${check.name} registered twice`);
    this.checks.push(check);
  }

  async evaluate(): Promise<ReadinessReport> {
    const outcomes = await Promise.all(
      this.checks.map(async (check) => [check.name, await run(check)] as const),
    );
    const failed = outcomes.filter(([, outcome]) => outcome !== 'up').map(([name]) => name);
    return {
      status: failed.length === 0 ? 'ready' : 'not-ready',
      checks: Object.fromEntries(outcomes),
      failed,
    };
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** Liveness: the process answers. Never checks dependencies (a DB outage must not restart every pod). */
  @Get('live')
  @HttpCode(200)
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** Readiness: 200 when every check is up, else 503 naming the failed checks. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): Promise<ReadinessReport> {
    const report = await this.readiness.evaluate();
    res.status(report.status === 'ready' ? 200 : 503);
    return report;
  }
}

export interface HealthModuleOptions {
  readonly checks?: readonly ReadinessCheck[];
}

export interface HealthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (...deps: never[]) => readonly ReadinessCheck[] | Promise<readonly ReadinessCheck[]>;
}

/** `/health/live` and `/health/ready` with pluggable readiness checks. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, useValue: [...(options.checks ?? [])] }, ReadinessRegistry],
      exports: [ReadinessRegistry],
    };
  }

  static forRootAsync(options: HealthModuleAsyncOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          inject: options.inject ?? [],
          useFactory: async (...deps: never[]) => [...(await options.useFactory(...deps))],
        },
        ReadinessRegistry,
      ],
      exports: [ReadinessRegistry],
    };
  }
}
