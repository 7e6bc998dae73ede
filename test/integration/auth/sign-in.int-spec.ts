// Real sign-in against a real protected service (a cross-service test, so under test/: an app's
// tests may not import another app): the sign-in service (password + TOTP, lockout,
// key rotation, 三员 admin API, audit) and the registry started with ACCESS_MODE=token, verifying
// tokens against the sign-in service's JWKS over HTTP. Real database, real broker, real sockets.
import { SignJWT, generateKeyPair } from 'jose';
import { ServiceTokenSource, bearerMetadata, claimsOfActor } from '@care/access';
import type { registry } from '@care/contracts';
import { httpJson, testActorHeaders, testActorMetadata } from '@care/service-kit/testing';
import type * as grpc from '@grpc/grpc-js';
import { registrationBody } from '../../../apps/registry/test/fixtures';
import {
  registryGrpcClient,
  startRegistry,
  unary,
  type RegistryTestApp,
} from '../../../apps/registry/test/app-factory';
import { AdminBootstrap } from '../../../apps/auth/src/demo/admin-bootstrap';
import { PASSWORD, bearer, bootstrapAccount, codeFor, signIn, startAuth, type AuthTestApp } from './auth-app';

jest.setTimeout(180_000);

const CIVIL = 'DEPARTMENT_CIVIL_AFFAIRS';
const COUNTIES = ['371702', '371721'];

describe('sign-in with password + TOTP, tokens verified by the registry (ACCESS_MODE=token)', () => {
  let auth: AuthTestApp;
  let registryApp: RegistryTestApp;
  let client: grpc.Client;
  const secrets: Record<string, string> = {};

  /** Keeps the registry's clock on the sign-in service's (both are settable test clocks). */
  const sync = (): void => registryApp.clock.set(auth.clock.now());
  const signInSynced = async (userId: string, password = PASSWORD) => {
    const tokens = await signIn(auth, userId, secrets[userId]!, password);
    sync();
    return tokens;
  };
  const registryGet = (path: string, headers: Record<string, string>) =>
    httpJson<{ message?: string; code?: string }>(registryApp.httpUrl, 'GET', path, undefined, headers);

  beforeAll(async () => {
    auth = await startAuth('sign-in', { AUTH_MAX_FAILED_ATTEMPTS: '3', AUTH_LOCKOUT_MINUTES: '15' });
    registryApp = await startRegistry({
      name: 'token-mode',
      env: {
        ACCESS_MODE: 'token',
        ACCESS_JWKS_URL: `${auth.httpUrl}/.well-known/jwks.json`,
        ACCESS_JWKS_COOLDOWN_MS: '0',
      },
    });
    sync();
    client = registryGrpcClient(registryApp.grpcAddress);
    const admin = { department: CIVIL, countyCodes: COUNTIES };
    secrets['sys-admin'] = await bootstrapAccount(auth, {
      ...admin,
      userId: 'sys-admin',
      role: 'system-admin',
    });
    secrets['sec-admin'] = await bootstrapAccount(auth, {
      ...admin,
      userId: 'sec-admin',
      role: 'security-admin',
    });
    secrets['auditor-1'] = await bootstrapAccount(auth, {
      userId: 'auditor-1',
      role: 'auditor',
      department: CIVIL,
      // The city's code too: attempts under unknown names are filed under the city (AUTH_HOME_DIVISION).
      countyCodes: [...COUNTIES, '371700'],
    });
    secrets['edu-officer'] = await bootstrapAccount(auth, {
      userId: 'edu-officer',
      role: 'department-officer',
      department: 'DEPARTMENT_EDUCATION_SPORTS',
      countyCodes: ['371702'],
    });
  });

  afterAll(async () => {
    client?.close();
    await registryApp?.close();
    await auth?.close();
  });

  let officer: { accessToken: string; refreshToken: string };

  it('a system admin creates an account, a security admin gives it a role, and its first sign-in enrols TOTP', async () => {
    const sys = await signInSynced('sys-admin');
    const created = await httpJson<{ role: string | null; rev: number }>(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/accounts',
      { userId: 'mz-officer', displayName: '张敏', countyCodes: ['371702'], initialPassword: PASSWORD },
      bearer(sys.accessToken),
    );
    expect([created.status, created.body.role]).toEqual([201, null]);

    // No role yet: the password is right, but the account opens nothing.
    const roleless = await httpJson<{ message: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in', {
      userId: 'mz-officer',
      password: PASSWORD,
    });
    expect([roleless.status, roleless.body.message]).toEqual([
      403,
      '账号尚未分配角色、部门和区县，请联系安全管理员',
    ]);

    // 三员分立: the system admin cannot assign the role, the security admin can.
    const body = {
      role: 'civil-affairs-officer',
      department: CIVIL,
      countyCodes: ['371702'],
      rev: created.body.rev,
    };
    const bySys = await httpJson(
      auth.httpUrl,
      'PUT',
      '/api/v1/auth/accounts/mz-officer/role',
      body,
      bearer(sys.accessToken),
    );
    expect(bySys.status).toBe(403);
    const sec = await signInSynced('sec-admin');
    const bySec = await httpJson<{ role: string; rev: number }>(
      auth.httpUrl,
      'PUT',
      '/api/v1/auth/accounts/mz-officer/role',
      body,
      bearer(sec.accessToken),
    );
    expect([bySec.status, bySec.body.role]).toEqual([200, 'civil-affairs-officer']);
    const secCreates = await httpJson(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/accounts',
      { userId: 'x-1', displayName: '某', countyCodes: ['371702'], initialPassword: PASSWORD },
      bearer(sec.accessToken),
    );
    expect(secCreates.status).toBe(403);
    // The auditor is one of the 三员: set up at deployment, never appointed nor taken over through the API.
    const makesAuditor = await httpJson<{ message: string }>(
      auth.httpUrl,
      'PUT',
      '/api/v1/auth/accounts/mz-officer/role',
      { ...body, role: 'auditor', rev: bySec.body.rev },
      bearer(sec.accessToken),
    );
    expect([makesAuditor.status, makesAuditor.body.message]).toEqual([
      403,
      expect.stringContaining('三员分立'),
    ]);
    const takesOverAuditor = await httpJson<{ message: string }>(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/accounts/auditor-1/reset-password',
      { newPassword: 'Another-Pass-2025!' },
      bearer(sys.accessToken),
    );
    expect([takesOverAuditor.status, takesOverAuditor.body.message]).toEqual([
      403,
      expect.stringContaining('审计员'),
    ]);
    const unknownDepartment = await httpJson<{ message: string }>(
      auth.httpUrl,
      'PUT',
      '/api/v1/auth/accounts/mz-officer/role',
      { ...body, department: 'CIVIL', rev: bySec.body.rev },
      bearer(sec.accessToken),
    );
    expect([unknownDepartment.status, JSON.stringify(unknownDepartment.body)]).toEqual([
      400,
      expect.stringContaining('department 须为部门代码'),
    ]);

    // First sign-in: the secret is shown once (otpauth URI), then a first code confirms it.
    auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
    const step = await httpJson<{ status: string; challenge: string; otpauthUri: string; secret: string }>(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/sign-in',
      { userId: 'mz-officer', password: PASSWORD },
    );
    expect(step.status).toBe(200);
    expect(step.body.status).toBe('totp-enrolment-required');
    expect(step.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+mz-officer\?.*secret=[A-Z2-7]+/);
    const wrong = await httpJson<{ message: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in/totp', {
      challenge: step.body.challenge,
      code: codeFor(auth, step.body.secret) === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(401);
    const done = await httpJson<{ accessToken: string; refreshToken: string; expiresIn: number }>(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/sign-in/totp',
      { challenge: step.body.challenge, code: codeFor(auth, step.body.secret) },
    );
    expect([done.status, done.body.expiresIn]).toEqual([200, 900]);
    secrets['mz-officer'] = step.body.secret;
    officer = done.body;
    sync();

    // The same code again (a replay within its window) is refused.
    const again = await httpJson<{ challenge: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in', {
      userId: 'mz-officer',
      password: PASSWORD,
    });
    const replay = await httpJson<{ message: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in/totp', {
      challenge: again.body.challenge,
      code: codeFor(auth, step.body.secret),
    });
    expect(replay.status).toBe(401);
    expect(replay.body.message).toContain('已使用');

    // A password reset between the two steps voids the challenge won with the old password.
    auth.clock.set(new Date(auth.clock.now().getTime() + 30_000));
    const pending = await httpJson<{ challenge: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in', {
      userId: 'mz-officer',
      password: PASSWORD,
    });
    const reset = await httpJson(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/accounts/mz-officer/reset-password',
      { newPassword: PASSWORD },
      bearer(sys.accessToken),
    );
    expect(reset.status).toBe(200);
    const stale = await httpJson<{ message: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in/totp', {
      challenge: pending.body.challenge,
      code: codeFor(auth, step.body.secret),
    });
    expect([stale.status, stale.body.message]).toEqual([
      401,
      '登录凭据已失效（密码已重置），请重新输入用户名和密码',
    ]);
  });

  it('the registry admits the token and scopes it: no token 401, stand-in 401, wrong county 403, wrong role 403', async () => {
    const registered = await httpJson<{ childId: string }>(
      registryApp.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody({}, 501),
      bearer(officer.accessToken),
    );
    expect(registered.status).toBe(201);
    expect(
      (await registryGet('/api/v1/children?countyCode=371702', bearer(officer.accessToken))).status,
    ).toBe(200);

    const none = await registryGet('/api/v1/children?countyCode=371702', {});
    expect([none.status, none.body.message]).toEqual([401, expect.stringContaining('缺少访问令牌')]);

    const standIn = await registryGet(
      '/api/v1/children?countyCode=371702',
      testActorHeaders({ counties: '371702' }),
    );
    expect([standIn.status, standIn.body.message]).toEqual([
      401,
      expect.stringContaining('ACCESS_MODE=token'),
    ]);
    expect(standIn.body.message).toContain('x-user-id');

    const otherCounty = await registryGet('/api/v1/children?countyCode=371721', bearer(officer.accessToken));
    expect([otherCounty.status, otherCounty.body.message]).toEqual([403, expect.stringContaining('371721')]);

    // Education's officer reads children's facts but may not register one; the auditor reads neither.
    const edu = await signInSynced('edu-officer');
    const eduRegisters = await httpJson<{ message: string }>(
      registryApp.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody({}, 502),
      bearer(edu.accessToken),
    );
    expect([eduRegisters.status, eduRegisters.body.message]).toEqual([
      403,
      expect.stringContaining('部门工作人员'),
    ]);
    const auditor = await signInSynced('auditor-1');
    expect(
      (await registryGet('/api/v1/children?countyCode=371702', bearer(auditor.accessToken))).status,
    ).toBe(403);

    // An administrator's token carries another audience: it opens no business service.
    const sys = await signInSynced('sys-admin');
    const adminAtRegistry = await registryGet('/api/v1/children?countyCode=371702', bearer(sys.accessToken));
    expect([adminAtRegistry.status, adminAtRegistry.body.message]).toEqual([
      401,
      expect.stringContaining('aud'),
    ]);
  });

  it('refuses an expired token and a forged one (another key, or a kid it never published)', async () => {
    const path = '/api/v1/children?countyCode=371702';
    const fresh = await signInSynced('mz-officer');
    registryApp.clock.set(new Date(auth.clock.now().getTime() + 901_000));
    const expired = await registryGet(path, bearer(fresh.accessToken));
    expect([expired.status, expired.body.message]).toEqual([401, '访问令牌已过期，请刷新令牌或重新登录']);
    sync();
    expect((await registryGet(path, bearer(fresh.accessToken))).status).toBe(200);

    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const realKid = (
      JSON.parse(Buffer.from(fresh.accessToken.split('.')[0]!, 'base64url').toString()) as { kid: string }
    ).kid;
    const claims = claimsOfActor(
      { userId: 'mz-officer', role: 'civil-affairs-admin', department: CIVIL, countyCodes: COUNTIES },
      'user',
    );
    const now = Math.floor(auth.clock.now().getTime() / 1000);
    for (const kid of [realKid, 'forged-kid']) {
      const forged = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setIssuer('care-auth')
        .setAudience('care-platform')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
      const refused = await registryGet(path, bearer(forged));
      expect([kid, refused.status, refused.body.message]).toEqual([
        kid,
        401,
        '访问令牌签名无效：不是登录服务签发的令牌',
      ]);
    }
  });

  it('rotates the signing key: tokens of the old key keep working until they expire, the new kid is fetched', async () => {
    const before = await signInSynced('mz-officer');
    const sec = await signInSynced('sec-admin');
    const rotated = await httpJson<{ kid: string }>(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/keys/rotate',
      undefined,
      bearer(sec.accessToken),
    );
    expect(rotated.status).toBe(200);
    const jwks = await httpJson<{ keys: { kid: string }[] }>(auth.httpUrl, 'GET', '/.well-known/jwks.json');
    expect(jwks.body.keys).toHaveLength(2);
    expect(jwks.body.keys.map((k) => k.kid)).toContain(rotated.body.kid);
    // Published first, signing a minute later (AUTH_KEY_ACTIVATION_SECONDS): the services can fetch it before they meet it.
    const kidOf = (token: string): string =>
      (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    const during = await signInSynced('mz-officer');
    expect(kidOf(during.accessToken)).toBe(kidOf(before.accessToken));
    auth.clock.set(new Date(auth.clock.now().getTime() + 60_000));
    const after = await signInSynced('mz-officer');
    expect(JSON.parse(Buffer.from(after.accessToken.split('.')[0]!, 'base64url').toString())).toMatchObject({
      kid: rotated.body.kid,
    });
    const path = '/api/v1/children?countyCode=371702';
    expect((await registryGet(path, bearer(before.accessToken))).status).toBe(200);
    expect((await registryGet(path, bearer(after.accessToken))).status).toBe(200);
    // Past the old tokens' lifetime (and margin), the old key leaves the JWKS.
    auth.clock.set(new Date(auth.clock.now().getTime() + 21 * 60_000));
    sync();
    const later = await httpJson<{ keys: { kid: string }[] }>(auth.httpUrl, 'GET', '/.well-known/jwks.json');
    expect(later.body.keys.map((k) => k.kid)).toEqual([rotated.body.kid]);
  });

  it('refreshes a session, and a refresh token used twice ends it', async () => {
    const tokens = await signInSynced('mz-officer');
    const refreshed = await httpJson<{ accessToken: string; refreshToken: string }>(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/refresh',
      {
        refreshToken: tokens.refreshToken,
      },
    );
    expect(refreshed.status).toBe(200);
    expect(
      (await registryGet('/api/v1/children?countyCode=371702', bearer(refreshed.body.accessToken))).status,
    ).toBe(200);
    const reused = await httpJson(auth.httpUrl, 'POST', '/api/v1/auth/refresh', {
      refreshToken: tokens.refreshToken,
    });
    expect(reused.status).toBe(401);
    const afterTheft = await httpJson(auth.httpUrl, 'POST', '/api/v1/auth/refresh', {
      refreshToken: refreshed.body.refreshToken,
    });
    expect(afterTheft.status).toBe(401);
  });

  it('locks an account after 3 failures (even the right password is refused) and lets it in after 15 minutes', async () => {
    const attempt = (password: string) =>
      httpJson<{ message: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in', {
        userId: 'mz-officer',
        password,
      });
    expect((await attempt('wrong-1')).body.message).toBe('用户名或密码错误');
    expect((await attempt('wrong-2')).status).toBe(401);
    const third = await attempt('wrong-3');
    expect([third.status, third.body.message]).toEqual([
      401,
      expect.stringMatching(/^账号已锁定：连续登录失败3次，请于 .+ 后再试/),
    ]);
    const right = await attempt(PASSWORD);
    expect([right.status, right.body.message]).toEqual([401, expect.stringContaining('账号已锁定')]);
    auth.clock.set(new Date(auth.clock.now().getTime() + 14 * 60_000));
    expect((await attempt(PASSWORD)).body.message).toContain('账号已锁定');
    auth.clock.set(new Date(auth.clock.now().getTime() + 61_000));
    const tokens = await signInSynced('mz-officer');
    expect((await registryGet('/api/v1/children?countyCode=371702', bearer(tokens.accessToken))).status).toBe(
      200,
    );
    // An unknown name reads like a wrong password (no account enumeration).
    const unknown = await httpJson<{ message: string }>(auth.httpUrl, 'POST', '/api/v1/auth/sign-in', {
      userId: 'nobody',
      password: PASSWORD,
    });
    expect([unknown.status, unknown.body.message]).toEqual([401, '用户名或密码错误']);
  });

  it('gives a service its own identity over gRPC (client credentials); header metadata is refused', async () => {
    await auth.app.get(AdminBootstrap).ensureServiceClient({
      clientId: 'svc-test',
      clientSecret: 'test-secret-of-svc-test-0123456789',
      role: 'department-officer',
      department: 'DEPARTMENT_EDUCATION_SPORTS',
      countyCodes: ['371702'],
    });
    const wrongSecret = new ServiceTokenSource({
      authUrl: auth.httpUrl,
      clientId: 'svc-test',
      clientSecret: 'nope',
    });
    await expect(wrongSecret.token()).rejects.toMatchObject({ code: 'unavailable' });
    const source = new ServiceTokenSource({
      authUrl: auth.httpUrl,
      clientId: 'svc-test',
      clientSecret: 'test-secret-of-svc-test-0123456789',
      now: () => auth.clock.now(),
    });
    const sys = await signInSynced('mz-officer');
    const child = await httpJson<{ childId: string }>(
      registryApp.httpUrl,
      'POST',
      '/api/v1/children',
      registrationBody({}, 503),
      bearer(sys.accessToken),
    );
    const res = await unary<registry.GetChildResponse>(
      client,
      'GetChild',
      { childId: child.body.childId },
      await source.metadata(),
    );
    expect(res.child).toMatchObject({ childId: child.body.childId, masked: true });
    expect(await source.token()).toBe(await source.token()); // cached until shortly before expiry

    await expect(
      unary(
        client,
        'GetChild',
        { childId: child.body.childId },
        testActorMetadata({ role: 'department-officer' }),
      ),
    ).rejects.toMatchObject({ code: 16, details: expect.stringContaining('ACCESS_MODE=token') });
    await expect(
      unary(client, 'GetChild', { childId: child.body.childId }, bearerMetadata('a.b.c')),
    ).rejects.toMatchObject({
      code: 16,
    });
  });

  it('audits every sign-in, failure, lock and role change for the auditor, in an unbroken chain', async () => {
    const auditor = await signInSynced('auditor-1');
    const page = await httpJson<{
      entries: { action: string; recordId: string; purpose: string; role: string }[];
    }>(auth.httpUrl, 'GET', '/api/v1/auth/audit?limit=1000', undefined, bearer(auditor.accessToken));
    expect(page.status).toBe(200);
    const actions = (id: string) => page.body.entries.filter((e) => e.recordId === id).map((e) => e.action);
    expect(actions('mz-officer')).toEqual(
      expect.arrayContaining([
        'account-created',
        'role-changed',
        'totp-enrolled',
        'sign-in',
        'sign-in-failed',
        'account-locked',
      ]),
    );
    const roleChange = page.body.entries.find((e) => e.action === 'role-changed')!;
    expect(roleChange).toMatchObject({
      role: 'security-admin',
      purpose: '角色变更：无 → 民政工作人员（DEPARTMENT_CIVIL_AFFAIRS；371702）',
    });
    expect(actions('nobody')).toEqual(['sign-in-failed']);
    expect(page.body.entries.some((e) => /PASSWORD|Heze-Care/.test(e.purpose))).toBe(false);
    const verify = await httpJson<{ ok: boolean }>(
      auth.httpUrl,
      'GET',
      '/api/v1/auth/audit/verify',
      undefined,
      bearer(auditor.accessToken),
    );
    expect(verify.body.ok).toBe(true);
    // The auditor reads the log and does nothing else.
    const auditorCreates = await httpJson(
      auth.httpUrl,
      'POST',
      '/api/v1/auth/accounts',
      { userId: 'x-2', displayName: '某', countyCodes: ['371702'], initialPassword: PASSWORD },
      bearer(auditor.accessToken),
    );
    expect(auditorCreates.status).toBe(403);
  });
});
