// The browser's calls to the platform: one origin (the web server proxies /api/<service>/...),
// the signed-in person's token on every call, and failures carried with the API's own Chinese
// message (the services answer `{ code, message, field, rule, details }`).

export type Service = 'auth' | 'registry';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  message?: unknown;
  code?: unknown;
  field?: unknown;
}

/** The error to show for a failed response: the API's message when it gave one. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const raw = Array.isArray(b.message) ? b.message.join('；') : b.message;
  const message =
    typeof raw === 'string' && raw.trim() !== ''
      ? raw
      : status === 0
        ? '无法连接服务'
        : `请求失败（HTTP ${status}）`;
  return new ApiError(
    status,
    message,
    typeof b.code === 'string' ? b.code : undefined,
    typeof b.field === 'string' ? b.field : undefined,
  );
}

/** `/api/<service>/v1/...` on this origin → the service's `/api/v1/...`. */
export function apiPath(
  service: Service,
  path: string,
  query: Record<string, string | undefined> = {},
): string {
  if (!path.startsWith('/v1/')) throw new Error(`path must start with /v1/: ${path}`);
  const params = Object.entries(query).filter(
    (e): e is [string, string] => e[1] !== undefined && e[1] !== '',
  );
  const search = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  return `/api/${service}${path}${search}`;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly body?: unknown;
  readonly token?: string;
}

/** Calls the API; a 401 on a call made with a token means the session is over (`onUnauthorized`). */
export async function requestJson<T>(
  url: string,
  options: RequestOptions = {},
  onUnauthorized?: () => void,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw errorFromResponse(0, null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    if (response.status === 401 && options.token && onUnauthorized) onUnauthorized();
    throw errorFromResponse(response.status, body);
  }
  return body as T;
}
