import { z } from 'zod';
import { devDefault, loadConfig, type EnvSource } from '@care/config';

// The web server's configuration, validated once at boot (STYLE: nothing else reads process.env).
// Every upstream has a development default (the services' own ports, README) and is required in
// production, where the operator names each service's address.

/** The services the browser reaches through this origin, `/api/<name>/...` (one origin, no CORS). */
export const UPSTREAMS = {
  auth: { env: 'WEB_AUTH_URL', port: 3109 },
  registry: { env: 'WEB_REGISTRY_URL', port: 3101 },
  catalogue: { env: 'WEB_CATALOGUE_URL', port: 3102 },
  education: { env: 'WEB_EDUCATION_URL', port: 3103 },
  'health-insurance': { env: 'WEB_HEALTH_INSURANCE_URL', port: 3104 },
  welfare: { env: 'WEB_WELFARE_URL', port: 3105 },
  'housing-transport': { env: 'WEB_HOUSING_TRANSPORT_URL', port: 3106 },
  gateway: { env: 'WEB_GATEWAY_URL', port: 3107 },
  monitoring: { env: 'WEB_MONITORING_URL', port: 3108 },
} as const;

export type UpstreamName = keyof typeof UPSTREAMS;
export const UPSTREAM_NAMES = Object.keys(UPSTREAMS) as UpstreamName[];

const url = (port: number) =>
  devDefault(
    z
      .string()
      .url('须为 URL（如 http://127.0.0.1:3101） / must be a URL')
      // `registry:8080` parses as a URL of scheme "registry:"; the proxy speaks HTTP only.
      .refine(
        (u) => /^https?:\/\/[^/]/.test(u),
        '须为 http:// 或 https:// 开头的 URL（如 http://registry:8080） / must be an http(s) URL',
      )
      .transform((u) => u.replace(/\/+$/, '')),
    `http://127.0.0.1:${port}`,
  );

const upstreamShape = Object.fromEntries(
  UPSTREAM_NAMES.map((name) => [UPSTREAMS[name].env, url(UPSTREAMS[name].port)]),
) as Record<(typeof UPSTREAMS)[UpstreamName]['env'], ReturnType<typeof url>>;

export const webConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The one origin of the UI (static files and the API proxy). */
  WEB_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  WEB_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Prometheus `GET /metrics` on a port of its own (never the UI's, which the Ingress makes
   * public); absent: no metrics listener (development).
   */
  WEB_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The built UI (vite build output). */
  WEB_STATIC_DIR: z.string().min(1).default('dist/apps/web/public'),
  /** The city whose counties the UI offers (GB/T 2260 code). */
  CITY_CODE: z
    .string()
    .regex(/^\d{6}$/, '须为6位行政区划代码 / a 6-digit division code')
    .default('371700'),
  /** Longest time an upstream may take to answer (an import upload of a large workbook included). */
  WEB_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(120_000),
  ...upstreamShape,
});

export type WebConfig = z.output<typeof webConfigSchema>;

export function loadWebConfig(env: EnvSource = process.env): WebConfig {
  return loadConfig(webConfigSchema, env);
}

/** The upstream base URL of each service, from the config. */
export function upstreamsOf(config: WebConfig): Record<UpstreamName, string> {
  return Object.fromEntries(UPSTREAM_NAMES.map((n) => [n, config[UPSTREAMS[n].env]])) as Record<
    UpstreamName,
    string
  >;
}
