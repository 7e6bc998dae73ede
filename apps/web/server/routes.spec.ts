import { contentTypeOf, forwardedRequestHeaders, forwardedResponseHeaders, routeOf } from './routes';

describe('routeOf: one origin for the UI and every service', () => {
  it.each([
    [
      'a registry list with its query',
      '/api/registry/v1/children?countyCode=371702',
      { kind: 'proxy', upstream: 'registry', path: '/api/v1/children?countyCode=371702' },
    ],
    [
      'sign-in',
      '/api/auth/v1/auth/sign-in',
      { kind: 'proxy', upstream: 'auth', path: '/api/v1/auth/sign-in' },
    ],
    [
      'a department service',
      '/api/housing-transport/v1/worklist',
      { kind: 'proxy', upstream: 'housing-transport', path: '/api/v1/worklist' },
    ],
    ['an unknown service', '/api/payroll/v1/x', { kind: 'unknown-api', name: 'payroll' }],
    ['a climb out of /api', '/api/registry/../../etc/passwd', { kind: 'unknown-api', name: 'registry' }],
    ['the deployment', '/api/web/v1/config', { kind: 'web-config' }],
    ['liveness', '/health/live', { kind: 'health', probe: 'live' }],
    ['readiness', '/health/ready', { kind: 'health', probe: 'ready' }],
    ['a health path that is no probe', '/health/other', { kind: 'static', path: '/health/other' }],
    ['the app', '/', { kind: 'static', path: '/' }],
    ['an asset', '/assets/index-abc.js', { kind: 'static', path: '/assets/index-abc.js' }],
  ])('%s', (_why, url, route) => expect(routeOf(url)).toEqual(route));
});

describe('forwardedRequestHeaders', () => {
  it('passes the bearer token and drops the identity-header stand-in and hop-by-hop headers', () => {
    const out = forwardedRequestHeaders(
      {
        authorization: 'Bearer t',
        'content-type': 'application/json',
        'x-role': 'civil-affairs-admin',
        'x-county-codes': '371721',
        'x-user-id': 'someone',
        'x-department': 'DEPARTMENT_CIVIL_AFFAIRS',
        'x-duties': 'mental-health',
        'x-township-codes': '371702001',
        connection: 'keep-alive',
        host: 'web',
      },
      '10.0.0.9',
    );
    expect(out).toEqual({
      authorization: 'Bearer t',
      'content-type': 'application/json',
      'x-forwarded-for': '10.0.0.9',
    });
  });
  it('appends to an existing x-forwarded-for', () => {
    expect(forwardedRequestHeaders({ 'x-forwarded-for': '1.1.1.1' }, '2.2.2.2')['x-forwarded-for']).toBe(
      '1.1.1.1, 2.2.2.2',
    );
  });
  it('drops hop-by-hop response headers, keeps the download ones', () => {
    expect(
      forwardedResponseHeaders({
        'content-disposition': 'attachment; filename="r.xlsx"',
        'transfer-encoding': 'chunked',
        connection: 'close',
      }),
    ).toEqual({ 'content-disposition': 'attachment; filename="r.xlsx"' });
  });
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['x.bin', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
  ])('content type of %s', (file, type) => expect(contentTypeOf(file)).toBe(type));
});
