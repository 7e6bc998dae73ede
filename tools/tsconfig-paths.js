// Reads the path aliases from the root tsconfig.json once, for jest and the build.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function readPaths() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
  return tsconfig.compilerOptions.paths;
}

/** jest moduleNameMapper entries: '^@care/x$' -> '<root>/libs/x/src/index.ts' */
function jestModuleNameMapper() {
  const out = {};
  for (const [alias, [target]] of Object.entries(readPaths())) {
    out[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
  }
  return out;
}

module.exports = { root, readPaths, jestModuleNameMapper };
