import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@care/config';
import type { Actor } from './actor';
import { ServiceCaller } from './service-caller';

const STAND_IN: Actor = {
  userId: 'gateway-371700',
  role: 'civil-affairs-officer',
  department: 'DEPARTMENT_CIVIL_AFFAIRS',
  countyCodes: ['371702', '371721'],
};

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('ServiceCaller', () => {
  let dir: string;
  let secretFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'svc-identity-'));
    secretFile = join(dir, 'secret');
    writeFileSync(secretFile, 'a-secret-of-at-least-16-chars\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the stand-in headers of its identity in headers mode (development and tests)', async () => {
    const identity = ServiceCaller.fromConfig({ ACCESS_MODE: 'headers' }, STAND_IN);
    expect(identity.mode).toBe('headers');
    const metadata = await identity.metadata();
    expect(metadata.get('x-user-id')).toEqual(['gateway-371700']);
    expect(metadata.get('x-county-codes')).toEqual(['371702,371721']);
    expect(metadata.get('authorization')).toEqual([]);
  });

  it('is in token mode in production when the mode is unset', () => {
    expect(problemsOf(() => ServiceCaller.fromConfig({ NODE_ENV: 'production' }, STAND_IN))).toHaveLength(3);
  });

  it.each([
    ['ACCESS_AUTH_URL', { ACCESS_CLIENT_ID: 'svc-gateway', ACCESS_CLIENT_SECRET_FILE: 'x' }],
    ['ACCESS_CLIENT_ID', { ACCESS_AUTH_URL: 'http://127.0.0.1:1', ACCESS_CLIENT_SECRET_FILE: 'x' }],
    ['ACCESS_CLIENT_SECRET_FILE', { ACCESS_AUTH_URL: 'http://127.0.0.1:1', ACCESS_CLIENT_ID: 'svc-gateway' }],
  ])('refuses token mode without %s, naming it', (field, rest) => {
    const config = { ACCESS_MODE: 'token' as const, ...rest };
    if ('ACCESS_CLIENT_SECRET_FILE' in config) config.ACCESS_CLIENT_SECRET_FILE = secretFile;
    const problems = problemsOf(() => ServiceCaller.fromConfig(config, STAND_IN));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${field}: .*ACCESS_MODE=token`))]);
  });

  it('refuses a secret file it cannot read, and a secret too short to be one', () => {
    const base = {
      ACCESS_MODE: 'token' as const,
      ACCESS_AUTH_URL: 'http://127.0.0.1:1',
      ACCESS_CLIENT_ID: 'svc-gateway',
    };
    expect(
      problemsOf(() =>
        ServiceCaller.fromConfig({ ...base, ACCESS_CLIENT_SECRET_FILE: join(dir, 'absent') }, STAND_IN),
      ),
    ).toEqual([expect.stringMatching(/^ACCESS_CLIENT_SECRET_FILE: 无法读取 .*ENOENT/)]);
    const short = join(dir, 'short');
    writeFileSync(short, 'short\n');
    expect(
      problemsOf(() => ServiceCaller.fromConfig({ ...base, ACCESS_CLIENT_SECRET_FILE: short }, STAND_IN)),
    ).toEqual([expect.stringMatching(/^ACCESS_CLIENT_SECRET_FILE: 密钥过短/)]);
  });

  describe('in token mode against a token endpoint on a real socket', () => {
    let server: Server;
    let url: string;
    const grants: unknown[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          grants.push(JSON.parse(body));
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ access_token: `t${grants.length}`, token_type: 'Bearer', expires_in: 900 }),
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('sends its client-credentials token (the secret trimmed from the file), fetched once and cached', async () => {
      const identity = ServiceCaller.fromConfig(
        {
          ACCESS_MODE: 'token',
          ACCESS_AUTH_URL: url,
          ACCESS_CLIENT_ID: 'svc-gateway',
          ACCESS_CLIENT_SECRET_FILE: secretFile,
        },
        STAND_IN,
      );
      expect(identity.mode).toBe('token');
      const [a, b] = await Promise.all([identity.metadata(), identity.metadata()]);
      expect(a.get('authorization')).toEqual(['Bearer t1']);
      expect(b.get('authorization')).toEqual(['Bearer t1']);
      expect(a.get('x-user-id')).toEqual([]);
      expect(grants).toEqual([
        {
          grant_type: 'client_credentials',
          client_id: 'svc-gateway',
          client_secret: 'a-secret-of-at-least-16-chars',
        },
      ]);
    });
  });
});
