import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// main.ts imports this barrel before startTelemetry() runs, so it must not load the modules the
// instrumentations patch: an already-loaded express or grpc-js would never be traced.
describe('@care/observability barrel', () => {
  it('loads neither express, @grpc/grpc-js nor @nestjs/core at import time', () => {
    const root = path.resolve(__dirname, '../../..');
    const script = `
      require('./libs/observability/src/index.ts');
      const loaded = Object.keys(require.cache);
      const offenders = ['/node_modules/express/', '/node_modules/@grpc/grpc-js/', '/node_modules/@nestjs/core/', '/node_modules/@nestjs/platform-express/']
        .filter((m) => loaded.some((k) => k.includes(m)));
      process.stdout.write(JSON.stringify(offenders));`;
    const out = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60000,
    });
    expect(JSON.parse(out)).toEqual([]);
  });
});
