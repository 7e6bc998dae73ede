/**
 * Creates the demo accounts of the sign-in service (apps/auth) in its database and prints them
 * with their TOTP secrets (add the otpauth URI to an authenticator app, or use the printed code
 * of the moment). Re-running it creates nothing new and prints the same accounts again.
 * Development only: refused when NODE_ENV=production. Needs the auth service's database (the
 * same MONGODB_URI / MONGODB_DATABASE and keys as the running service; defaults are the dev ones).
 *   npx tsx tools/demo-accounts.ts
 * Runs without Nest (tsx emits no decorator metadata): the bootstrap is wired by hand here.
 */
import mongoose from 'mongoose';
import { base32 } from 'rfc4648';
import {
  AuditTrail,
  FieldSealer,
  MongoAuditStore,
  auditChainKeyFromConfig,
  keyringFromConfig,
  systemClock,
} from '@care/service-kit';
import { ACCOUNTS, accountSchema, type AccountDocument } from '../apps/auth/src/accounts/account.schema';
import { AccountsRepository } from '../apps/auth/src/accounts/accounts.repository';
import { AuthAudit } from '../apps/auth/src/audit/auth-audit';
import { AUTH_AUDIT_ACTIONS } from '../apps/auth/src/audit/auth-audit-actions';
import {
  SERVICE_CLIENTS,
  serviceClientSchema,
  type ServiceClientDocument,
} from '../apps/auth/src/clients/service-client.schema';
import { ServiceClientsRepository } from '../apps/auth/src/clients/service-clients.repository';
import { loadAuthConfig } from '../apps/auth/src/config';
import { AdminBootstrap, type BootstrapAccount } from '../apps/auth/src/demo/admin-bootstrap';
import { otpauthUri, totpCodeAt } from '../apps/auth/src/totp/totp';

const DEMO_PASSWORD = 'Heze-Demo-2025!';
const HEZE = '371700';
const COUNTIES = ['371702', '371703', '371721', '371722', '371723', '371724', '371725', '371726', '371728'];
const CIVIL = 'DEPARTMENT_CIVIL_AFFAIRS';

const ACCOUNTS_TO_MAKE: readonly Omit<BootstrapAccount, 'password'>[] = [
  {
    userId: 'sys-admin',
    displayName: '系统管理员（演示）',
    role: 'system-admin',
    department: CIVIL,
    countyCodes: [HEZE, ...COUNTIES],
  },
  {
    userId: 'sec-admin',
    displayName: '安全管理员（演示）',
    role: 'security-admin',
    department: CIVIL,
    countyCodes: [HEZE, ...COUNTIES],
  },
  {
    userId: 'auditor',
    displayName: '审计员（演示）',
    role: 'auditor',
    department: CIVIL,
    countyCodes: [HEZE, ...COUNTIES],
  },
  {
    userId: 'mz-admin-371702',
    displayName: '牡丹区民政局管理员（演示）',
    role: 'civil-affairs-admin',
    department: CIVIL,
    countyCodes: ['371702'],
  },
  {
    userId: 'mz-officer-371702',
    displayName: '牡丹区民政工作人员（演示）',
    role: 'civil-affairs-officer',
    department: CIVIL,
    countyCodes: ['371702'],
  },
  {
    userId: 'mz-officer-371721',
    displayName: '曹县民政工作人员（演示）',
    role: 'civil-affairs-officer',
    department: CIVIL,
    countyCodes: ['371721'],
  },
  {
    userId: 'edu-officer-371702',
    displayName: '牡丹区教体局工作人员（演示）',
    role: 'department-officer',
    department: 'DEPARTMENT_EDUCATION_SPORTS',
    countyCodes: ['371702'],
  },
  {
    userId: 'health-mh-371702',
    displayName: '牡丹区精神卫生专干（演示）',
    role: 'department-officer',
    department: 'DEPARTMENT_HEALTH',
    countyCodes: ['371702'],
    duties: ['mental-health'],
  },
];

const SERVICE_CLIENTS_TO_MAKE = [
  {
    clientId: 'svc-gateway',
    clientSecret: 'dev-only-svc-gateway-secret-0001',
    role: 'department-officer',
    department: CIVIL,
    countyCodes: COUNTIES,
  },
  {
    clientId: 'svc-education',
    clientSecret: 'dev-only-svc-education-secret-01',
    role: 'department-officer',
    department: 'DEPARTMENT_EDUCATION_SPORTS',
    countyCodes: COUNTIES,
  },
] as const;

async function main(): Promise<void> {
  const config = loadAuthConfig();
  if (config.NODE_ENV === 'production')
    throw new Error('tools/demo-accounts.ts: refused when NODE_ENV=production');
  const connection = await mongoose
    .createConnection(config.MONGODB_URI, {
      dbName: config.MONGODB_DATABASE,
      directConnection: true,
      retryWrites: false,
    })
    .asPromise();
  try {
    const sealer = new FieldSealer(keyringFromConfig(config));
    const trail = new AuditTrail(
      new MongoAuditStore(connection, { actions: AUTH_AUDIT_ACTIONS }),
      auditChainKeyFromConfig(config),
      systemClock,
    );
    const bootstrap = new AdminBootstrap(
      new AccountsRepository(connection.model<AccountDocument>(ACCOUNTS, accountSchema)),
      new ServiceClientsRepository(
        connection.model<ServiceClientDocument>(SERVICE_CLIENTS, serviceClientSchema),
      ),
      sealer,
      new AuthAudit(trail, config),
      config,
      systemClock,
    );
    const now = new Date();
    console.log(`演示账号（密码均为 ${DEMO_PASSWORD}；首次使用请把 otpauth 链接加入身份验证器）:`);
    for (const spec of ACCOUNTS_TO_MAKE) {
      const { created, totpSecret } = await bootstrap.ensureAccount({ ...spec, password: DEMO_PASSWORD });
      const bytes = base32.parse(totpSecret, { loose: true });
      console.log(
        `  ${spec.userId.padEnd(20)} ${spec.role.padEnd(22)} ${spec.countyCodes.length > 2 ? '全市' : spec.countyCodes.join(',')}` +
          `  TOTP ${totpSecret}  当前验证码 ${totpCodeAt(bytes, now)}${created ? '  (新建)' : ''}`,
      );
      console.log(
        `    ${otpauthUri({ issuer: config.AUTH_TOTP_ISSUER, account: spec.userId, secret: bytes })}`,
      );
    }
    console.log('演示服务身份（client_credentials，POST /api/v1/auth/token）:');
    for (const client of SERVICE_CLIENTS_TO_MAKE) {
      await bootstrap.ensureServiceClient(client);
      console.log(`  ${client.clientId.padEnd(20)} ${client.role.padEnd(22)} secret ${client.clientSecret}`);
    }
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
