#!/usr/bin/env node
// Compiles an app and the libraries it uses to dist/ with SWC (which, unlike esbuild, emits
// the decorator metadata NestJS needs), rewriting @care/* aliases to relative paths, and
// copies the .proto files the gRPC transport loads at run time.
//   a service (apps/<svc>/src/main.ts)       -> dist/apps/<svc>/src/main.js
//   the web UI (apps/web/server/main.ts and  -> dist/apps/web/server/main.js, the node server, and
//   apps/web/vite.config.mts)                   dist/apps/web/public, the browser bundle (vite)
// Usage: node tools/build.js apps/registry [--out <dir>]   (--out: another dist root, e.g. a test's)
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const swc = require('@swc/core');
const { root, readPaths } = require('./tsconfig-paths');

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outRoot = outAt < 0 ? path.join(root, 'dist') : path.resolve(args[outAt + 1] ?? '');
const appDir = args.find((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1));
// A service's code is its src/; the web UI's node code is server/ (its src/ is the browser's, for vite).
const codeDir = ['src', 'server'].find((d) => appDir && fs.existsSync(path.join(root, appDir, d, 'main.ts')));
if (!appDir || codeDir === undefined || (outAt >= 0 && !args[outAt + 1])) {
  console.error(
    'usage: node tools/build.js apps/<app> [--out <dir>] (apps/<app>/src/main.ts or apps/<app>/server/main.ts must exist)',
  );
  process.exit(2);
}
const viteConfig = path.join(root, appDir, 'vite.config.mts');
const bundled = codeDir === 'server' && fs.existsSync(viteConfig);

function tsFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'test') continue;
      out.push(...tsFiles(p));
    } else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|d)\.ts$/.test(entry.name)) {
      out.push(p);
    }
  }
  return out;
}

const paths = readPaths();
const sources = [...tsFiles(path.join(root, appDir, codeDir)), ...tsFiles(path.join(root, 'libs'))];
for (const file of sources) {
  const { code, map } = swc.transformFileSync(file, {
    swcrc: false,
    filename: file,
    sourceMaps: true,
    module: { type: 'commonjs' },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths,
    },
  });
  const out = path.join(outRoot, path.relative(root, file)).replace(/\.ts$/, '.js');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map`);
  fs.writeFileSync(`${out}.map`, map);
}
fs.cpSync(path.join(root, 'proto'), path.join(outRoot, 'proto'), { recursive: true });
for (const data of ['libs', bundled ? path.join(appDir, codeDir) : appDir]) {
  // JSON datasets shipped beside the code (division codes, catalogue seeds).
  copyData(path.join(root, data));
}
function copyData(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') copyData(p);
    else if (/\.(json|csv)$/.test(entry.name) && !/^(project|tsconfig.*|package)\.json$/.test(entry.name)) {
      const out = path.join(outRoot, path.relative(root, p));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(p, out);
    }
  }
}
const shown = path.relative(root, outRoot).startsWith('..') ? outRoot : path.relative(root, outRoot);
if (bundled) {
  // The browser bundle beside the server, where its WEB_STATIC_DIR (dist/apps/web/public) finds it.
  const publicDir = path.join(outRoot, appDir, 'public');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      viteConfig,
      '--outDir',
      publicDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  console.log(`bundled ${appDir} (vite) -> ${path.join(shown, appDir, 'public')}`);
}
console.log(`built ${appDir} (${sources.length} files) -> ${path.join(shown, appDir, codeDir, 'main.js')}`);
