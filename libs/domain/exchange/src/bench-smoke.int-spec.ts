// The reconciliation benchmark (bench/gateway/compare.ts), run small against the local
// PostgreSQL: both the merge join and the SQL FULL OUTER JOIN must find exactly the
// differences the generator planted. Counts only: no timing is asserted here.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

function postgresAnswers(): boolean {
  try {
    execFileSync(
      'psql',
      ['-h', '127.0.0.1', '-p', process.env.POSTGRES_PORT ?? '55432', '-U', 'postgres', '-tAc', 'select 1'],
      {
        stdio: 'ignore',
        timeout: 10_000,
      },
    );
    return true;
  } catch {
    return false;
  }
}

describe('bench/gateway/compare.ts --records 10000', () => {
  beforeAll(() => {
    // The local infrastructure's PostgreSQL (FerretDB's store); idempotent when it is up.
    if (!postgresAnswers())
      execFileSync('bash', [path.join(root, 'infra/postgres.sh'), 'up'], { stdio: 'ignore' });
  });

  it('finds exactly the planted differences, by both the merge join and the SQL join', () => {
    const out = execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/tsx/dist/cli.mjs'),
        'bench/gateway/compare.ts',
        '--records',
        '10000',
        '--repeat',
        '1',
        '--json',
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    const result = JSON.parse(out.trim().split('\n').pop() as string);
    expect(result.residence).toBe(10_000);
    expect(result.hukou).toBe(10_128); // + hukou-only children living at home (no difference)
    expect(result.expected).toEqual({
      'missing-here': 129,
      'missing-there': 129,
      'field-differs': 129,
      'status-conflict': 128,
    });
    expect(result.ours).toEqual(result.expected);
    expect(result.sql).toEqual(result.expected);
    expect(result.agree).toBe(true);
  });
});
