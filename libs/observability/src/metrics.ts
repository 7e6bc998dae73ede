import {
  Controller,
  Get,
  Header,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestMiddleware,
  type NestModule,
} from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
  type CounterConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/** Provider token of the app's prom-client registry (one per app, never prom-client's global one). */
export const METRICS_REGISTRY = Symbol.for('care.metrics.registry');

export interface MetricsOptions {
  readonly serviceName: string;
  /** Node process metrics (heap, event-loop lag, GC). Default true. */
  readonly defaultMetrics?: boolean;
}

/** A registry labelled with the service, with process metrics unless disabled. */
export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.serviceName });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Counters and histograms registered once per name on the app's registry (safe to ask for twice). */
@Injectable()
export class MetricsService {
  constructor(@Inject(METRICS_REGISTRY) readonly registry: Registry) {}

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing instanceof Counter) return existing as Counter<L>;
    return new Counter<L>({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing instanceof Histogram) return existing as Histogram<L>;
    return new Histogram<L>({ ...config, registers: [this.registry] });
  }
}

type Labels = 'method' | 'route' | 'status_code';

/**
 * The HTTP request histogram every app reports under one name and labels (the dashboards and the
 * CareHttpErrors alert read it): `route` is a template, never a concrete URL.
 */
export function httpDurationHistogram(metrics: MetricsService): Histogram<Labels> {
  return metrics.histogram<Labels>({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests handled by this service',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
}

interface ExpressLikeRequest {
  method?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
interface ExpressLikeResponse {
  statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

/**
 * HTTP request duration by route *template* (`/children/:id`, never the concrete URL, which would
 * put ids in labels and explode cardinality). Unmatched paths share one label.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<Labels>;

  constructor(metrics: MetricsService) {
    this.duration = httpDurationHistogram(metrics);
  }

  use(req: ExpressLikeRequest, res: ExpressLikeResponse, next: () => void): void {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const template =
        typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      end({ method: req.method ?? 'UNKNOWN', route: template, status_code: String(res.statusCode) });
    });
    next();
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

/** `GET /metrics` (Prometheus text format), process metrics, and the HTTP duration histogram. */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry(options) },
        MetricsService,
        HttpMetricsMiddleware,
      ],
      exports: [METRICS_REGISTRY, MetricsService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
