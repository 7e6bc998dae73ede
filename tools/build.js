#!/usr/bin/env node
// Compiles an app and the libraries it uses to dist/ with SWC (which, unlike esbuild, emits
// the decorator metadata NestJS needs), rewriting @care/* aliases to relative paths, and
// copies the .proto files the gRPC transport loads at run time.
// Usage: node tools/build.js apps/registry
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, readPaths } = require('./tsconfig-paths');

const appDir = process.argv[2];
if (!appDir || !fs.existsSync(path.join(root, appDir, 'src/main.ts'))) {
  console.error('usage: node tools/build.js apps/<service> (apps/<service>/src/main.ts must exist)');
  process.exit(2);
}
const outRoot = path.join(root, 'dist');

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
const sources = [...tsFiles(path.join(root, appDir, 'src')), ...tsFiles(path.join(root, 'libs'))];
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
for (const data of ['libs', appDir]) {
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
console.log(`built ${appDir} (${sources.length} files) -> dist/${appDir}/src/main.js`);
