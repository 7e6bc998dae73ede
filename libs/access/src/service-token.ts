import type { Metadata } from '@grpc/grpc-js';
import { unavailable } from '@care/errors';
import { bearerMetadata } from './current-actor';

/** The sign-in service's token endpoint path (OAuth 2.0 client-credentials grant, RFC 6749 §4.4). */
export const TOKEN_ENDPOINT_PATH = '/api/v1/auth/token';

export interface ServiceTokenSourceOptions {
  /** The sign-in service's base URL, e.g. `http://127.0.0.1:3109`. */
  readonly authUrl: string;
  /** The service's client id at the sign-in service, e.g. `svc-gateway`. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly now?: () => Date;
  /** Fetch a new token this long before the current one expires (default 60 s). */
  readonly refreshBeforeMs?: number;
}

/**
 * A service's own identity in token mode (service-to-service calls that no signed-in person made:
 * the gateway reading the registry for a push, a department matching a roster). It holds the
 * service's client credentials, asks the sign-in service for a short-lived access token with the
 * service's role, department and counties, caches it, and fetches a new one shortly before it
 * expires. Calls made FOR a signed-in person forward that person's own token instead.
 */
export class ServiceTokenSource {
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: ServiceTokenSourceOptions) {}

  private now(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }

  async token(): Promise<string> {
    const margin = this.options.refreshBeforeMs ?? 60_000;
    if (this.cached !== undefined && this.now() < this.cached.expiresAt - margin) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** gRPC metadata with the service's token. */
  async metadata(): Promise<Metadata> {
    return bearerMetadata(await this.token());
  }

  /** HTTP headers with the service's token. */
  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  private async fetchToken(): Promise<string> {
    let response: Response;
    try {
      response = await fetch(new URL(TOKEN_ENDPOINT_PATH, this.options.authUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: this.options.clientId,
          client_secret: this.options.clientSecret,
        }),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw unavailable('登录服务（服务令牌）', error);
    }
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
    };
    if (
      response.status !== 200 ||
      typeof body.access_token !== 'string' ||
      typeof body.expires_in !== 'number'
    )
      throw unavailable('登录服务（服务令牌）', new Error(`token endpoint answered ${response.status}`));
    this.cached = { token: body.access_token, expiresAt: this.now() + body.expires_in * 1000 };
    return body.access_token;
  }
}
