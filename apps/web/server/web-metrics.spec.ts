import { loadWebConfig } from './config';
import { routeOf } from './routes';
import { createWebMetrics, routeLabel } from './web-metrics';

describe('web metrics labels', () => {
  it.each([
    ['/api/registry/v1/children/c-123?reveal=1', '/api/registry'],
    ['/api/health-insurance/v1/worklist', '/api/health-insurance'],
    ['/api/web/v1/config', '/api/web/v1/config'],
    ['/health/live', '/health/live'],
    ['/health/ready', '/health/ready'],
    ['/api/nope/v1/x', 'unmatched'],
    ['/api/registry/../auth', 'unmatched'],
    ['/registry/children/c-123', 'static'],
    ['/assets/index-abc.js', 'static'],
  ])('%s -> %s (no id, no path beyond the service)', (url, label) => {
    expect(routeLabel(routeOf(url))).toBe(label);
  });

  it('times a request under its method, route and status, and counts upstream failures by reason', async () => {
    const metrics = createWebMetrics();
    metrics.startRequest('GET', routeOf('/api/registry/v1/children/c-1'))(200);
    metrics.startRequest(undefined, routeOf('/'))(404);
    metrics.upstreamFailed('welfare', 'timeout');
    metrics.upstreamFailed('welfare', 'timeout');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{service="web",method="GET",route="\/api\/registry",status_code="200"\} 1$/m,
    );
    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{service="web",method="UNKNOWN",route="static",status_code="404"\} 1$/m,
    );
    expect(text).toMatch(
      /^web_upstream_failures_total\{upstream="welfare",reason="timeout",service="web"\} 2$/m,
    );
    expect(text).not.toContain('c-1');
  });

  it('two servers in one process keep their own figures (no global registry)', async () => {
    const a = createWebMetrics();
    const b = createWebMetrics();
    a.upstreamFailed('auth', 'unreachable');
    expect(await b.registry.metrics()).not.toContain('reason="unreachable"');
  });
});

describe('WEB_METRICS_PORT', () => {
  it('is absent by default (no listener in development) and a port when set', () => {
    expect(loadWebConfig({}).WEB_METRICS_PORT).toBeUndefined();
    expect(loadWebConfig({ WEB_METRICS_PORT: '9464' }).WEB_METRICS_PORT).toBe(9464);
  });

  it('refuses a value that is not a port, naming the setting', () => {
    expect(() => loadWebConfig({ WEB_METRICS_PORT: '70000' })).toThrow(/WEB_METRICS_PORT/);
    expect(() => loadWebConfig({ WEB_METRICS_PORT: 'metrics' })).toThrow(/WEB_METRICS_PORT/);
  });
});
