import { z } from 'zod';
import type { EnvSource } from '@care/config';
import {
  activeKeyVersionProblems,
  auditChainKeyConfig,
  loadServiceConfig,
  sealingKeysConfig,
  serviceKitConfig,
} from '@care/service-kit';
import { MIN_SCRYPT_COST } from './passwords/password-hashing';

// DEV-ONLY (public, in the repository): refused in production like the kit's sealing keys.
const DEV_ONLY_AUDIT_CHAIN_KEY = '7a6b5c4d3e2f10897a6b5c4d3e2f10897a6b5c4d3e2f10897a6b5c4d3e2f1089';

const whole = (what: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ invalid_type_error: `须为整数（${what}） / must be a whole number` })
    .int(`须为整数（${what}） / must be a whole number`)
    .min(min, `不能小于${min} / at least ${min}`)
    .max(max, `不能大于${max} / at most ${max}`)
    .default(fallback);

export const authConfigSchema = z.object({
  ...serviceKitConfig({ name: 'auth', httpPort: 3109, grpcBind: '127.0.0.1:50109', database: 'auth' }),
  // TOTP secrets and the private signing keys are sealed at rest (SM4 + HMAC-SM3, the kit's keys).
  ...sealingKeysConfig,
  ...auditChainKeyConfig(DEV_ONLY_AUDIT_CHAIN_KEY),
  /** Access tokens live this long (seconds); a refresh or a new sign-in gives the next. */
  AUTH_ACCESS_TOKEN_TTL_SECONDS: whole('秒', 60, 3600, 900),
  /** A session (its refresh token) lives this long after sign-in (seconds): one working day. */
  AUTH_SESSION_TTL_SECONDS: whole('秒', 300, 86_400, 28_800),
  /** Consecutive failed sign-ins (password or TOTP) that lock an account. */
  AUTH_MAX_FAILED_ATTEMPTS: whole('次', 3, 20, 5),
  /** How long a lock lasts (minutes). */
  AUTH_LOCKOUT_MINUTES: whole('分钟', 1, 1440, 15),
  /** TOTP steps (30 s) accepted either side of now for clock drift. */
  AUTH_TOTP_WINDOW_STEPS: whole('步', 0, 2, 1),
  /** The issuer name an authenticator app shows beside the account. */
  AUTH_TOTP_ISSUER: z.string().min(1).max(64).default('流动儿童关爱保护平台'),
  /** Minimum password length of staff accounts. */
  AUTH_PASSWORD_MIN_CHARS: whole('字符', 8, 64, 12),
  /** scrypt N (a power of 2): 2^17 recommended (OWASP); tests run at 2^14. */
  AUTH_SCRYPT_COST: whole('2的幂', MIN_SCRYPT_COST, 2 ** 20, 2 ** 17),
  /** Signature algorithm of new signing keys. */
  AUTH_SIGNING_ALG: z.enum(['EdDSA', 'ES256']).default('EdDSA'),
  /** A signing key older than this is replaced at the next signature (days). */
  AUTH_KEY_ROTATION_DAYS: whole('天', 1, 365, 30),
  /**
   * A new signing key is published this long before it signs (seconds), so every service can fetch
   * it first: at least the services' ACCESS_JWKS_COOLDOWN_MS (their least time between two fetches).
   */
  AUTH_KEY_ACTIVATION_SECONDS: whole('秒', 0, 3600, 60),
  /** `aud` of the administrators' tokens (三员): they open the sign-in service's admin API only. */
  AUTH_ADMIN_AUDIENCE: z.string().min(1).default('care-auth-admin'),
  /** The city code whose audit entries hold sign-in attempts under unknown names. */
  AUTH_HOME_DIVISION: z
    .string()
    .regex(/^[0-9]{6}$/, '须为6位行政区划代码 / 6-digit code')
    .default('371700'),
});

export type AuthConfig = z.output<typeof authConfigSchema>;

function scryptCostProblems(config: AuthConfig): string[] {
  const n = config.AUTH_SCRYPT_COST;
  return (n & (n - 1)) === 0 ? [] : ['AUTH_SCRYPT_COST: 须为2的幂 / must be a power of 2'];
}

function audienceProblems(config: AuthConfig): string[] {
  return config.AUTH_ADMIN_AUDIENCE === config.ACCESS_TOKEN_AUDIENCE
    ? ['AUTH_ADMIN_AUDIENCE: 不得与 ACCESS_TOKEN_AUDIENCE 相同 / must differ from ACCESS_TOKEN_AUDIENCE']
    : [];
}

function keyActivationProblems(config: AuthConfig): string[] {
  return config.AUTH_KEY_ACTIVATION_SECONDS * 1000 < config.ACCESS_JWKS_COOLDOWN_MS
    ? [
        `AUTH_KEY_ACTIVATION_SECONDS: 不得短于 ACCESS_JWKS_COOLDOWN_MS（${config.ACCESS_JWKS_COOLDOWN_MS} 毫秒），否则轮换后的新令牌可能被拒 / must be at least ACCESS_JWKS_COOLDOWN_MS`,
      ]
    : [];
}

/** Validates the environment once, at boot (the kit's loader). */
export function loadAuthConfig(env: EnvSource = process.env): AuthConfig {
  return loadServiceConfig(authConfigSchema, env, [
    activeKeyVersionProblems,
    scryptCostProblems,
    audienceProblems,
    keyActivationProblems,
  ]);
}
