// The web UI's node server (apps/web/server) as the browser's one origin, against real upstreams
// on real sockets: the real sign-in service and the real registry (ACCESS_MODE=token, real
// database and broker), a recording HTTP listener that reports exactly what reached it, and a
// port nothing listens on. Here (not in apps/web) because it starts other apps.
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTOR_HEADERS, DUTY_HEADER } from '@care/access';
import { freePort, waitFor } from '@care/service-kit/testing';
import { UPSTREAMS, UPSTREAM_NAMES, loadWebConfig } from '../../../apps/web/server/config';
import { startWebServer, type WebServer } from '../../../apps/web/server/web-server';
import { startRegistry, type RegistryTestApp } from '../../../apps/registry/test/app-factory';
import { ledgerFixture } from '../../../apps/registry/test/ledger-workbook';
import { bearer, bootstrapAccount, signIn, startAuth, type AuthTestApp } from '../auth/auth-app';

jest.setTimeout(240_000);

const COUNTY = '371702';
const OTHER_COUNTY = '371721';
const OFFICER = 'web-proxy-officer';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly bytes: number;
  readonly sha256: string;
}

/** A real HTTP upstream that answers with what it received (headers, byte count, digest). */
async function startRecorder(): Promise<{
  url: string;
  received: Received[];
  /** Bytes of the request body in flight, as they arrive. */
  arriving: { bytes: number };
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const arriving = { bytes: 0 };
  const server = http.createServer((req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    arriving.bytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      arriving.bytes = bytes;
    });
    req.on('end', () => {
      const record = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bytes,
        sha256: hash.digest('hex'),
      };
      received.push(record);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(record));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    arriving,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('web server proxy against real upstreams', () => {
  let auth: AuthTestApp;
  let registry: RegistryTestApp;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let web: WebServer;
  let token = '';

  beforeAll(async () => {
    auth = await startAuth('webproxy');
    registry = await startRegistry({
      name: 'webproxy',
      env: {
        ACCESS_MODE: 'token',
        ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
        ACCESS_JWKS_COOLDOWN_MS: '0',
        IMPORT_MAX_MB: '2',
      },
    });
    recorder = await startRecorder();
    const secret = await bootstrapAccount(auth, {
      userId: OFFICER,
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: [COUNTY],
    });
    token = (await signIn(auth, OFFICER, secret)).accessToken;
    registry.clock.set(auth.clock.now());
    const down = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      WEB_HTTP_PORT: '0',
      WEB_METRICS_PORT: '0',
      WEB_STATIC_DIR: '/nonexistent',
    };
    for (const name of UPSTREAM_NAMES) env[UPSTREAMS[name].env] = down;
    env.WEB_AUTH_URL = auth.httpUrl;
    env.WEB_REGISTRY_URL = registry.httpUrl;
    env.WEB_MONITORING_URL = recorder.url;
    web = await startWebServer(loadWebConfig(env));
  });

  afterAll(async () => {
    await web?.close();
    await recorder?.close();
    await registry?.close();
    await auth?.close();
  });

  const forgedIdentity: Record<string, string> = {
    [ACTOR_HEADERS.userId]: 'someone-else',
    [ACTOR_HEADERS.role]: 'civil-affairs-admin',
    [ACTOR_HEADERS.department]: 'DEPARTMENT_CIVIL_AFFAIRS',
    [ACTOR_HEADERS.countyCodes]: OTHER_COUNTY,
    [DUTY_HEADER]: 'mental-health',
    'x-township-codes': '371721001',
  };

  it('forwards the caller’s Authorization and drops every identity header a browser sends', async () => {
    const res = await fetch(`${web.url}/api/monitoring/v1/dashboard?county=${COUNTY}`, {
      headers: { ...bearer(token), ...forgedIdentity, 'x-request-id': 'r-1' },
    });
    expect(res.status).toBe(200);
    const got = (await res.json()) as Received;
    expect(got.url).toBe(`/api/v1/dashboard?county=${COUNTY}`);
    expect(got.headers.authorization).toBe(`Bearer ${token}`);
    expect(got.headers['x-request-id']).toBe('r-1');
    for (const header of Object.keys(forgedIdentity))
      expect([header, got.headers[header]]).toEqual([header, undefined]);
    expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('the real registry decides by the token alone: forged headers neither widen a token nor stand in for one', async () => {
    const other = await fetch(`${web.url}/api/registry/v1/children?countyCode=${OTHER_COUNTY}`, {
      headers: { ...bearer(token), ...forgedIdentity },
    });
    expect(other.status).toBe(403);
    const own = await fetch(`${web.url}/api/registry/v1/children?countyCode=${COUNTY}`, {
      headers: { ...bearer(token), ...forgedIdentity },
    });
    expect(own.status).toBe(200);
    const none = await fetch(`${web.url}/api/registry/v1/children?countyCode=${OTHER_COUNTY}`, {
      headers: forgedIdentity,
    });
    expect(none.status).toBe(401);
  });

  it.each([
    ['another county (403)', `/children?countyCode=${OTHER_COUNTY}`, true],
    ['no token (401)', `/children?countyCode=${COUNTY}`, false],
    ['a bad query (400)', '/children?countyCode=37', true],
  ])('an upstream refusal reaches the browser unchanged: %s', async (_why, path, signed) => {
    const headers = signed ? bearer(token) : {};
    const direct = await fetch(`${registry.httpUrl}/api/v1${path}`, { headers });
    const proxied = await fetch(`${web.url}/api/registry/v1${path}`, { headers });
    expect(proxied.status).toBeGreaterThanOrEqual(400);
    expect(proxied.status).toBeLessThan(500);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    const body = await proxied.text();
    expect(body).toBe(await direct.text());
    expect(body).toMatch(/[\u4e00-\u9fff]/); // the service's Chinese message
  });

  it('a service that is down: 502 in Chinese, naming it', async () => {
    const res = await fetch(`${web.url}/api/gateway/v1/comparison-tasks?status=open`, {
      headers: bearer(token),
    });
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      code: 'unavailable',
      message: '跨区域网关暂时无法访问，请稍后再试',
      details: { service: 'gateway' },
    });
  });

  it.each([
    ['a service that does not exist', '/api/payroll/v1/staff', '没有名为 payroll 的服务接口'],
    ['this server’s own API beyond its config', '/api/web/v1/other', '没有名为 web 的服务接口'],
  ])('a path outside the known services is 404: %s', async (_why, path, message) => {
    const before = recorder.received.length;
    const res = await fetch(`${web.url}${path}`, { headers: bearer(token) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not-found', message, details: {} });
    expect(recorder.received.length).toBe(before);
  });

  it('an import workbook goes through to the real registry and its job is read back through the proxy', async () => {
    const fixture = await ledgerFixture({ countyCode: COUNTY, count: 120, badEvery: 40, asOf: '2025-06-01' });
    const form = new FormData();
    form.set('countyCode', COUNTY);
    form.set('file', new Blob([fixture.buffer]), 'ledger.xlsx');
    const res = await fetch(`${web.url}/api/registry/v1/imports`, {
      method: 'POST',
      headers: bearer(token),
      body: form,
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    const job = await waitFor(
      'the import job',
      async () => {
        const progress = await fetch(`${web.url}/api/registry/v1/imports/${jobId}`, {
          headers: bearer(token),
        });
        const body = (await progress.json()) as {
          status: string;
          total: number;
          failed: number;
          fileSha256: string;
        };
        return body.status === 'queued' || body.status === 'running' ? undefined : body;
      },
      120_000,
      250,
    );
    expect(job).toMatchObject({
      status: 'succeeded',
      total: fixture.rows.length,
      failed: fixture.badRows.size,
    });
    expect(job.fileSha256).toBe(createHash('sha256').update(fixture.buffer).digest('hex'));
  });

  it('an upload over the registry’s limit gets the registry’s own refusal', async () => {
    const form = new FormData();
    form.set('countyCode', COUNTY);
    form.set('file', new Blob([randomBytes(3 * 1024 * 1024)]), 'too-big.xlsx');
    const direct = await fetch(`${registry.httpUrl}/api/v1/imports`, {
      method: 'POST',
      headers: bearer(token),
      body: form,
    });
    const proxied = await fetch(`${web.url}/api/registry/v1/imports`, {
      method: 'POST',
      headers: bearer(token),
      body: form,
    });
    expect(proxied.status).toBe(400); // multer's file-size limit, as the registry maps it
    expect(proxied.status).toBe(direct.status);
    expect(await proxied.text()).toBe(await direct.text());
  });

  it('a large upload streams through: the upstream has the first bytes before the browser sends the rest', async () => {
    const chunk = randomBytes(1024 * 1024);
    const chunks = 64;
    const expected = createHash('sha256');
    const { port } = new URL(web.url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/monitoring/v1/upload',
          headers: { ...bearer(token), 'content-type': 'application/octet-stream' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      void (async () => {
        req.write(chunk);
        expected.update(chunk);
        // A proxy that buffered the whole body would forward nothing yet: this wait would time out.
        await waitFor(
          'the first MiB at the upstream',
          () => recorder.arriving.bytes >= chunk.length,
          10_000,
          20,
        );
        for (let i = 1; i < chunks; i += 1) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          expected.update(chunk);
        }
        req.end();
      })().catch(reject);
    });
    const { status, body } = await answer;
    expect(status).toBe(200);
    const got = JSON.parse(body) as Received;
    expect(got.bytes).toBe(chunks * chunk.length);
    expect(got.sha256).toBe(expected.digest('hex'));
    expect(got.headers['transfer-encoding']).toBe('chunked');
  });

  it('metrics on their own port: requests by upstream (never by path), a down service counted; not on the UI port', async () => {
    expect(web.metricsUrl).toBeDefined();
    const before = await (await fetch(`${web.metricsUrl}/metrics`)).text();
    /** A sample's value: the line of that metric whose labels include every pair given (any order). */
    const sample = (text: string, metric: string, labels: Record<string, string>) =>
      Number(
        text
          .split('\n')
          .find(
            (line) =>
              line.startsWith(`${metric}{`) &&
              Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)),
          )
          ?.split(' ')
          .pop() ?? 0,
      );
    const count = (text: string, route: string, status: string) =>
      sample(text, 'http_server_request_duration_seconds_count', {
        method: 'GET',
        route,
        status_code: status,
      });
    const unreachable = (text: string) =>
      sample(text, 'web_upstream_failures_total', { upstream: 'welfare', reason: 'unreachable' });
    const child = 'c-00000000-secret-id';
    await (await fetch(`${web.url}/api/monitoring/v1/children/${child}`, { headers: bearer(token) })).text();
    await (await fetch(`${web.url}/api/welfare/v1/whatever`, { headers: bearer(token) })).text();
    const res = await fetch(`${web.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = await res.text();
    expect(count(after, '/api/monitoring', '200')).toBe(count(before, '/api/monitoring', '200') + 1);
    expect(count(after, '/api/welfare', '502')).toBe(count(before, '/api/welfare', '502') + 1);
    expect(after).toContain('service="web"');
    expect(unreachable(after)).toBe(unreachable(before) + 1);
    expect(after).toContain('process_resident_memory_bytes');
    expect(after).not.toContain(child);
    // The UI's port (behind the public Ingress) has no metrics: /metrics is a client route there.
    const onUiPort = await fetch(`${web.url}/metrics`);
    expect(await onUiPort.text()).not.toContain('http_server_request_duration_seconds');
    expect((await fetch(`${web.metricsUrl}/other`)).status).toBe(404);
  });
});
