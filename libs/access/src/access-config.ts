import { z } from 'zod';
import { ConfigError } from '@care/config';

// How a service learns who is calling (every service, through @care/service-kit's config):
// - `token`: a signed access token from the sign-in service (apps/auth), `Authorization: Bearer`
//   (gRPC: `authorization` metadata), verified against the sign-in service's JWKS.
// - `headers`: the identity-header STAND-IN (x-user-id, x-role, ...), which anybody can forge. Only
//   for development and tests; refused at config load when NODE_ENV=production.
// Unset, the mode is `headers` outside production (so the existing tests keep passing unchanged
// until they move to tokens) and `token` in production.

export const ACCESS_MODES = ['token', 'headers'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

/** The access settings every service has (spread into serviceKitConfig). */
export const accessConfig = {
  ACCESS_MODE: z.enum(ACCESS_MODES).optional(),
  /** The sign-in service's JWKS, e.g. `http://127.0.0.1:3109/.well-known/jwks.json`. */
  ACCESS_JWKS_URL: z.string().url('须为 URL / must be a URL').optional(),
  /** `iss` the tokens must carry. */
  ACCESS_TOKEN_ISSUER: z.string().min(1).default('care-auth'),
  /** `aud` the tokens must carry (the platform's business services). */
  ACCESS_TOKEN_AUDIENCE: z.string().min(1).default('care-platform'),
  /** Least time between two JWKS fetches for an unknown kid (a flood of forged kids cannot hammer the sign-in service). */
  ACCESS_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  // The service's own identity for background calls no signed-in person made (ServiceCaller):
  // in token mode a client-credentials grant at the sign-in service; the secret from a file (a
  // mounted secret), never from a values file or the environment.
  /** The sign-in service's base URL, e.g. `http://127.0.0.1:3109`. */
  ACCESS_AUTH_URL: z.string().url('须为 URL / must be a URL').optional(),
  /** The service's client id at the sign-in service (`svc-<name>`). */
  ACCESS_CLIENT_ID: z
    .string()
    .regex(/^svc-[a-z0-9-]{1,60}$/, '须为 svc-<服务名>（小写字母、数字、连字符） / must be svc-<name>')
    .optional(),
  /** A file holding the client's secret (one line). */
  ACCESS_CLIENT_SECRET_FILE: z.string().min(1).optional(),
};

/** Structurally what accessConfig gives, plus NODE_ENV. */
export interface AccessConfig {
  readonly NODE_ENV?: string;
  readonly ACCESS_MODE?: AccessMode;
  readonly ACCESS_JWKS_URL?: string;
  readonly ACCESS_TOKEN_ISSUER?: string;
  readonly ACCESS_TOKEN_AUDIENCE?: string;
  readonly ACCESS_JWKS_COOLDOWN_MS?: number;
  readonly ACCESS_AUTH_URL?: string;
  readonly ACCESS_CLIENT_ID?: string;
  readonly ACCESS_CLIENT_SECRET_FILE?: string;
}

/** The mode in force: as set, else `token` in production and `headers` elsewhere. */
export function accessMode(config: AccessConfig): AccessMode {
  return config.ACCESS_MODE ?? (config.NODE_ENV === 'production' ? 'token' : 'headers');
}

const HEADERS_REFUSED_IN_PRODUCTION =
  'ACCESS_MODE: 生产环境不得使用身份请求头临时方式（headers），须为 token / the identity-header stand-in is refused when NODE_ENV=production; set ACCESS_MODE=token';
const JWKS_URL_REQUIRED =
  'ACCESS_JWKS_URL: ACCESS_MODE=token 时必填（登录服务的 JWKS 地址） / required when ACCESS_MODE=token';

/** The boot check of loadServiceConfig: the stand-in in production, or token mode without a JWKS. */
export function accessConfigProblems(config: AccessConfig): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.ACCESS_MODE === 'headers')
    problems.push(HEADERS_REFUSED_IN_PRODUCTION);
  if (config.ACCESS_MODE === 'token' && config.ACCESS_JWKS_URL === undefined)
    problems.push(JWKS_URL_REQUIRED);
  return problems;
}

/** What AccessModule.forRoot needs. */
export interface AccessOptions {
  readonly mode: AccessMode;
  /** Absent: no bearer token is verified (headers mode without a sign-in service). */
  readonly verifier?: {
    readonly jwksUrl: string;
    readonly issuer: string;
    readonly audience: string;
    readonly cooldownMs: number;
  };
  /** The service's clock, for token expiry (tests move it). */
  readonly now?: () => Date;
}

/**
 * The access options of a service's config. Throws ConfigError when token mode has no JWKS: set
 * explicitly that is already refused by the loader; as the production default it is refused here,
 * at boot (the apps' production config specs predate the sign-in service and set neither).
 */
export function accessOptionsFromConfig(config: AccessConfig, now?: () => Date): AccessOptions {
  const mode = accessMode(config);
  if (config.NODE_ENV === 'production' && mode === 'headers')
    throw new ConfigError([HEADERS_REFUSED_IN_PRODUCTION]);
  if (mode === 'token' && config.ACCESS_JWKS_URL === undefined) throw new ConfigError([JWKS_URL_REQUIRED]);
  return {
    mode,
    now,
    verifier:
      config.ACCESS_JWKS_URL === undefined
        ? undefined
        : {
            jwksUrl: config.ACCESS_JWKS_URL,
            issuer: config.ACCESS_TOKEN_ISSUER ?? 'care-auth',
            audience: config.ACCESS_TOKEN_AUDIENCE ?? 'care-platform',
            cooldownMs: config.ACCESS_JWKS_COOLDOWN_MS ?? 30_000,
          },
  };
}
