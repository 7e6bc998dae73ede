// The web UI for browser tests: the bundle built once (vite), the web server in-process pointed at
// the test services, and Debian's Chromium (never a downloaded browser) driven by playwright-core.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadWebConfig } from '../../apps/web/server/config';
import { startWebServer, type WebServer } from '../../apps/web/server/web-server';

const root = path.resolve(__dirname, '../..');
export const STATIC_DIR = path.join(root, 'dist/apps/web/public');
export const SCREENSHOTS = path.join(root, '.cache/test-results/screenshots');

export function buildWebBundle(): void {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
}

export function startWeb(upstreams: { auth: string; registry: string }): Promise<WebServer> {
  return startWebServer(
    loadWebConfig({
      NODE_ENV: 'test',
      WEB_HTTP_PORT: '0',
      WEB_STATIC_DIR: STATIC_DIR,
      WEB_AUTH_URL: upstreams.auth,
      WEB_REGISTRY_URL: upstreams.registry,
    }),
  );
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
