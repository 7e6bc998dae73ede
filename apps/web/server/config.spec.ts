import { loadWebConfig, upstreamsOf } from './config';

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
});
