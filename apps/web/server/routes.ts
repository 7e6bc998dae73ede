import { ACTOR_HEADERS, DUTY_HEADER } from '@care/access';
import { UPSTREAM_NAMES, type UpstreamName } from './config';

// Where a request of the browser goes. Pure, so the mapping is unit-tested.
//   /api/<service>/v1/...      -> <service>/api/v1/...   (every service's REST, README)
//   /api/web/v1/config         -> this server (city, counties)
//   /health/live, /health/ready -> this server (the chart's probes)
//   anything else              -> the built UI (index.html for client routes)

export type Route =
  | { readonly kind: 'proxy'; readonly upstream: UpstreamName; readonly path: string }
  | { readonly kind: 'web-config' }
  | { readonly kind: 'health'; readonly probe: 'live' | 'ready' }
  | { readonly kind: 'unknown-api'; readonly name: string }
  | { readonly kind: 'static'; readonly path: string };

export function routeOf(rawUrl: string): Route {
  const queryAt = rawUrl.indexOf('?');
  const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? '' : rawUrl.slice(queryAt);
  if (pathname === '/health/live') return { kind: 'health', probe: 'live' };
  if (pathname === '/health/ready') return { kind: 'health', probe: 'ready' };
  if (pathname === '/api/web/v1/config') return { kind: 'web-config' };
  const api = /^\/api\/([a-z-]+)(\/.*)?$/.exec(pathname);
  if (api !== null) {
    const name = api[1] ?? '';
    const rest = api[2] ?? '/';
    if (!isUpstreamName(name) || rest.includes('/../') || rest.endsWith('/..'))
      return { kind: 'unknown-api', name };
    return { kind: 'proxy', upstream: name, path: `/api${rest}${query}` };
  }
  return { kind: 'static', path: pathname };
}

function isUpstreamName(value: string): value is UpstreamName {
  return (UPSTREAM_NAMES as readonly string[]).includes(value);
}

/**
 * Request headers the browser may not pass on: hop-by-hop headers (RFC 9110 §7.6.1) and the
 * identity-header stand-in of @care/access (its own names, so a header it adds is dropped too) —
 * through this origin a person is who their token says, never who a header claims, whatever mode
 * a service runs in.
 */
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  ...Object.values(ACTOR_HEADERS),
  DUTY_HEADER,
  'x-township-codes',
]);

export function forwardedRequestHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  clientAddress: string | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  if (clientAddress !== undefined) {
    const prior = headers['x-forwarded-for'];
    const chain = typeof prior === 'string' && prior !== '' ? `${prior}, ${clientAddress}` : clientAddress;
    out['x-forwarded-for'] = chain;
  }
  return out;
}

const HOP_BY_HOP_RESPONSE = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer']);

export function forwardedResponseHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP_RESPONSE.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot < 0 ? undefined : CONTENT_TYPES[file.slice(dot).toLowerCase()]) ?? 'application/octet-stream';
}
