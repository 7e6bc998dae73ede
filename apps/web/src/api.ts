// The browser's calls to the platform: one origin (the web server proxies /api/<service>/...),
// the signed-in person's token on every call, and failures carried with the API's own Chinese
// message (the services answer `{ code, message, field, rule, details }`).

/** The services behind this origin (apps/web/server/config.ts UPSTREAMS). */
export type Service =
  | 'auth'
  | 'registry'
  | 'catalogue'
  | 'education'
  | 'health-insurance'
  | 'welfare'
  | 'housing-transport'
  | 'gateway'
  | 'monitoring';

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
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body, or a multipart form (an upload). */
  readonly body?: unknown;
  readonly token?: string;
}

/**
 * One call; a failure becomes an ApiError with the API's message, and a 401 on a call made with
 * a token means the session is over (`onUnauthorized`).
 */
async function send(url: string, options: RequestOptions, accept: string, onUnauthorized?: () => void) {
  const headers: Record<string, string> = { accept };
  const form = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !form) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body:
        options.body === undefined
          ? undefined
          : form
            ? (options.body as FormData)
            : JSON.stringify(options.body),
    });
  } catch {
    throw errorFromResponse(0, null);
  }
  if (!response.ok) {
    if (response.status === 401 && options.token && onUnauthorized) onUnauthorized();
    throw errorFromResponse(response.status, parseJson(await response.text()));
  }
  return response;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** Calls the API and answers its JSON body. */
export async function requestJson<T>(
  url: string,
  options: RequestOptions = {},
  onUnauthorized?: () => void,
): Promise<T> {
  const response = await send(url, options, 'application/json', onUnauthorized);
  return parseJson(await response.text()) as T;
}

/** A file the API answers (an Excel report or export), with the name its Content-Disposition gives. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

export async function requestFile(
  url: string,
  fallbackName: string,
  options: RequestOptions = {},
  onUnauthorized?: () => void,
): Promise<DownloadedFile> {
  const response = await send(url, options, '*/*', onUnauthorized);
  return {
    blob: await response.blob(),
    fileName: fileNameOf(response.headers.get('content-disposition')) ?? fallbackName,
  };
}

/** The file name of a Content-Disposition header: RFC 5987 `filename*` first, then `filename`. */
export function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name === '' ? undefined : name;
}
