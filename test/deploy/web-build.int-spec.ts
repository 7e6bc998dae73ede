// The production build of the web UI (what the image runs): `node tools/build.js apps/web` — the
// vite bundle and the node server compiled by SWC like the services — then the BUILT server
// (`node <dist>/apps/web/server/main.js`, NODE_ENV=production, config from env) against the real
// sign-in service on a real socket. It builds into its own dist root under .cache, never dist/,
// which other suites (the browser tier) serve from.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, uniqueSuffix, waitFor } from '@care/service-kit/testing';
import { UPSTREAMS, UPSTREAM_NAMES } from '../../apps/web/server/config';
import { deploymentOf } from '../../apps/web/server/deployment';
import { PASSWORD, bootstrapAccount, startAuth, type AuthTestApp } from '../integration/auth/auth-app';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '../..');
/** Inside the repository, so the built code resolves node_modules as the image's /app does. */
const OUT = join(ROOT, '.cache/web-build', uniqueSuffix());
const ENTRY = join(OUT, 'apps/web/server/main.js');
const STATIC_DIR = join(OUT, 'apps/web/public');
/** A port nothing listens on: upstreams this suite does not start. */
const NOWHERE = 'http://127.0.0.1:1';

function productionEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    WEB_HTTP_HOST: '127.0.0.1',
    WEB_STATIC_DIR: STATIC_DIR,
  };
  for (const name of UPSTREAM_NAMES) env[UPSTREAMS[name].env] = NOWHERE;
  return { ...env, ...overrides };
}

describe('web UI production build: the built server on NODE_ENV=production', () => {
  let auth: AuthTestApp;
  let server: ChildProcess | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['tools/build.js', 'apps/web', '--out', OUT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}\n${build.stderr}`);
    auth = await startAuth('webbuild');
    await bootstrapAccount(auth, {
      userId: 'web-build-officer',
      role: 'civil-affairs-officer',
      department: 'DEPARTMENT_CIVIL_AFFAIRS',
      countyCodes: ['371702'],
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: productionEnv({ WEB_HTTP_PORT: String(port), WEB_AUTH_URL: auth.httpUrl }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor('the built web server', () => output.includes('web ready') || server?.exitCode !== null);
    if (server.exitCode !== null) throw new Error(`the built server exited: ${output}`);
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await auth?.close();
    rmSync(OUT, { recursive: true, force: true });
  });

  it('builds the bundle and the server where the image runs them from', () => {
    expect(existsSync(ENTRY)).toBe(true);
    expect(existsSync(join(STATIC_DIR, 'index.html'))).toBe(true);
    expect(output).toContain(`"static":"${STATIC_DIR}"`);
  });

  it('serves index.html for the app and its client routes, and the bundle’s asset', async () => {
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    expect(await (await fetch(`${url}/registry/children`)).text()).toBe(html);

    const script = await fetch(`${url}${asset!}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await script.text()).length).toBeGreaterThan(100_000); // React + antd, not a stub
    expect((await fetch(`${url}/assets/missing-0000.js`)).status).toBe(404);
  });

  it('answers GET /api/web/v1/config with the configured city, and its probes', async () => {
    const res = await fetch(`${url}/api/web/v1/config`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReturnType<typeof deploymentOf>;
    expect(body).toEqual(deploymentOf('371700'));
    expect(body.cityName).toBe('菏泽市');
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
  });

  it('proxies to the real sign-in service, its refusal unchanged', async () => {
    const body = JSON.stringify({ userId: 'web-build-officer', password: `${PASSWORD}x` });
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const direct = await fetch(`${auth.httpUrl}/api/v1/auth/sign-in`, init);
    const proxied = await fetch(`${url}/api/auth/v1/auth/sign-in`, init);
    expect(proxied.status).toBe(401);
    expect(proxied.status).toBe(direct.status);
    const text = await proxied.text();
    expect(text).toContain('用户名或密码错误');
    expect(text).toBe(await direct.text());
  });

  it('names the service that is down, in Chinese', async () => {
    const res = await fetch(`${url}/api/registry/v1/children?countyCode=371702`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      code: 'unavailable',
      message: '登记服务暂时无法访问，请稍后再试',
      details: { service: 'registry' },
    });
  });

  it.each([
    ['an upstream URL', { WEB_REGISTRY_URL: undefined }, 'WEB_REGISTRY_URL: 必填 / required'],
    ['the sign-in service’s URL', { WEB_AUTH_URL: '' }, 'WEB_AUTH_URL: 必填 / required'],
    [
      'an http URL',
      { WEB_GATEWAY_URL: 'gateway:8080' },
      'WEB_GATEWAY_URL: 须为 http:// 或 https:// 开头的 URL',
    ],
    ['the built UI', { WEB_STATIC_DIR: join(OUT, 'nowhere') }, 'WEB_STATIC_DIR: '],
  ])('refuses to start without %s, naming the variable', (_what, overrides, message) => {
    const run = spawnSync(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: productionEnv({ WEB_HTTP_PORT: '0', ...overrides }),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('配置错误 / invalid configuration');
    expect(run.stderr).toContain(message);
    expect(run.stdout).not.toContain('web ready');
  });
});
