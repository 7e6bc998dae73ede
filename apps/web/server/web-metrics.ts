import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Counter, Registry } from 'prom-client';
import { createMetricsRegistry, httpDurationHistogram, MetricsService } from '@care/observability';
import type { UpstreamName } from './config';
import type { Route } from './routes';

// The web server's Prometheus metrics, on a port of their own (WEB_METRICS_PORT): the UI's port
// is behind the public Ingress, and /metrics must not be. The request histogram has the services'
// name and labels (libs/observability HttpMetricsMiddleware), so the chart's CareHttpErrors alert
// and the dashboards cover the web origin too.

/** A route's label: the upstream for the proxy (never the concrete path: ids stay out of labels). */
export function routeLabel(route: Route): string {
  switch (route.kind) {
    case 'proxy':
      return `/api/${route.upstream}`;
    case 'web-config':
      return '/api/web/v1/config';
    case 'health':
      return `/health/${route.probe}`;
    case 'unknown-api':
      return 'unmatched';
    case 'static':
      return 'static';
  }
}

/** timeout: no answer in time; unreachable: no connection; aborted: the connection broke mid-answer. */
export type UpstreamFailure = 'timeout' | 'unreachable' | 'aborted';

export interface WebMetrics {
  readonly registry: Registry;
  /** Starts timing a request; call the result with its status once the response has finished. */
  startRequest(method: string | undefined, route: Route): (statusCode: number) => void;
  upstreamFailed(upstream: UpstreamName, reason: UpstreamFailure): void;
}

export function createWebMetrics(): WebMetrics {
  const registry = createMetricsRegistry({ serviceName: 'web' });
  const metrics = new MetricsService(registry);
  const duration = httpDurationHistogram(metrics);
  const failures: Counter<'upstream' | 'reason'> = metrics.counter({
    name: 'web_upstream_failures_total',
    help: 'Proxied requests an upstream service did not answer in time, could not be reached for, or broke off',
    labelNames: ['upstream', 'reason'],
  });
  return {
    registry,
    startRequest(method, route) {
      const end = duration.startTimer();
      const labels = { method: method ?? 'UNKNOWN', route: routeLabel(route) };
      return (statusCode) => end({ ...labels, status_code: String(statusCode) });
    },
    upstreamFailed(upstream, reason) {
      failures.inc({ upstream, reason });
    },
  };
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `GET /metrics` on host:port (Prometheus text format); any other path is a 404. */
export async function startMetricsServer(
  registry: Registry,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('not found\n');
    }
    void registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
