import { UPSTREAMS, loadWebConfig, upstreamsOf } from './config';

describe('web server config', () => {
  it('defaults to port 3100 and the services’ local ports', () => {
    const c = loadWebConfig({});
    expect(c.WEB_HTTP_PORT).toBe(3100);
    expect(upstreamsOf(c)).toMatchObject({
      auth: 'http://127.0.0.1:3109',
      registry: 'http://127.0.0.1:3101',
      'health-insurance': 'http://127.0.0.1:3104',
    });
  });

  it('takes each upstream from its variable, without a trailing slash', () => {
    const c = loadWebConfig({ WEB_REGISTRY_URL: 'http://10.0.0.5:8080/', WEB_HTTP_PORT: '0' });
    expect(upstreamsOf(c).registry).toBe('http://10.0.0.5:8080');
    expect(c.WEB_HTTP_PORT).toBe(0);
  });

  it('refuses a bad port or upstream, naming the variable', () => {
    expect(() => loadWebConfig({ WEB_HTTP_PORT: '70000' })).toThrow('WEB_HTTP_PORT');
    expect(() => loadWebConfig({ WEB_AUTH_URL: 'nonsense' })).toThrow('WEB_AUTH_URL');
  });

  it.each([
    ['a host:port without a scheme', 'registry:8080'],
    ['another scheme', 'ftp://registry:8080'],
    ['no host', 'http:///api'],
  ])('refuses an upstream that is not an http(s) URL: %s', (_why, value) =>
    expect(() => loadWebConfig({ WEB_REGISTRY_URL: value })).toThrow(
      'WEB_REGISTRY_URL: 须为 http:// 或 https:// 开头的 URL',
    ),
  );

  it('requires every upstream in production, naming each', () => {
    expect(() => loadWebConfig({ NODE_ENV: 'production' })).toThrow(
      /WEB_AUTH_URL: 必填[\s\S]*WEB_REGISTRY_URL: 必填[\s\S]*WEB_MONITORING_URL: 必填/,
    );
    const all = { NODE_ENV: 'production', WEB_HTTP_PORT: '0' } as Record<string, string>;
    for (const [name, { env }] of Object.entries(UPSTREAMS)) all[env] = `http://${name}:8080`;
    expect(upstreamsOf(loadWebConfig(all)).catalogue).toBe('http://catalogue:8080');
  });
});
