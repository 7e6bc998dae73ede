// The web UI for browser tests: the bundle built once (vite), the web server in-process pointed at
// the test services, and Debian's Chromium (never a downloaded browser) driven by playwright-core.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { shanghaiDate } from '@care/child-rules';
import { UPSTREAMS, loadWebConfig, type UpstreamName } from '../../apps/web/server/config';
import { startWebServer, type WebServer } from '../../apps/web/server/web-server';

const root = path.resolve(__dirname, '../..');
export const STATIC_DIR = path.join(root, 'dist/apps/web/public');
export const SCREENSHOTS = path.join(root, '.cache/test-results/screenshots');

/** What the bundle is built from: the UI's sources, its page and build config, the locked packages. */
const BUNDLE_INPUTS = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.mts',
  'package-lock.json',
];
const BUNDLE_STAMP = path.join(STATIC_DIR, '.source-sha256');

function filesUnder(entry: string): string[] {
  const full = path.join(root, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(path.join(entry, name)));
}

function bundleInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of BUNDLE_INPUTS.flatMap(filesUnder)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

/**
 * Builds the bundle once: every suite calls this, and only the first of a run (or the first after
 * a change of the UI's sources) runs vite; the others find the stamp of the same sources.
 */
export function buildWebBundle(): void {
  const inputs = bundleInputsHash();
  if (existsSync(BUNDLE_STAMP) && readFileSync(BUNDLE_STAMP, 'utf8') === inputs) return;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  writeFileSync(BUNDLE_STAMP, inputs);
}

/**
 * Where a service the suite does not start is "found": a port nothing listens on, so the page
 * shows that service as unreachable — never a platform started by `npm start` on its dev port.
 */
const NOWHERE = 'http://127.0.0.1:1';

/** The web server pointed at the test services; every other upstream unreachable. */
export function startWeb(upstreams: Partial<Record<UpstreamName, string>>): Promise<WebServer> {
  const env: Record<string, string> = { NODE_ENV: 'test', WEB_HTTP_PORT: '0', WEB_STATIC_DIR: STATIC_DIR };
  for (const name of Object.keys(UPSTREAMS) as UpstreamName[])
    env[UPSTREAMS[name].env] = upstreams[name] ?? NOWHERE;
  return startWebServer(loadWebConfig(env));
}

/**
 * The instant a browser suite starts its clocks at: noon today in Shanghai. The services' test
 * clocks stand still unless set, the browser's runs; started together far from midnight, "today"
 * is the same day for the page and the services whatever the hour the suite runs (a clean-clone
 * run at 23:57 Shanghai failed: the page's day turned, the registry's did not).
 */
export function suiteNoon(): Date {
  return new Date(`${shanghaiDate(new Date())}T12:00:00+08:00`);
}

/** A zh-CN page whose clock starts at `at` (the services' instant) and runs on from there. */
export async function openPage(
  browser: Browser,
  at: Date,
  viewport: { width: number; height: number },
): Promise<Page> {
  const page = await browser.newPage({ locale: 'zh-CN', viewport });
  await page.clock.install({ time: at });
  return page;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Clicks what starts a download and answers the file's name and bytes. */
export async function downloadOf(
  page: Page,
  start: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), start()]);
  return { name: download.suggestedFilename(), bytes: await bytesOf(download) };
}

async function bytesOf(download: Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Signs in through the page: account and password, then the TOTP code `code()` gives at that moment. */
export async function signInOnPage(
  page: Page,
  userId: string,
  password: string,
  code: () => string,
): Promise<void> {
  await page.getByLabel('账号').fill(userId);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('动态口令').fill(code());
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('account-name').waitFor();
}

/**
 * Waits until `ready()` holds, pressing the page's refresh (`refresh()`) between looks: what the
 * page shows follows events between services, which arrive when they arrive.
 */
export async function untilShown(
  what: string,
  ready: () => Promise<boolean>,
  refresh: () => Promise<void>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
    await refresh();
  }
}
