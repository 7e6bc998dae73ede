import { readFileSync } from 'node:fs';
import type { Metadata } from '@grpc/grpc-js';
import { ConfigError } from '@care/config';
import { accessMode, type AccessConfig } from './access-config';
import type { Actor } from './actor';
import { actorMetadata } from './current-actor';
import { ServiceTokenSource } from './service-token';

/**
 * Who a service is when it calls another service for no signed-in person (the gateway reading its
 * registry for a push, a consumer asking a peer): in token mode its client-credentials token from
 * the sign-in service (ServiceTokenSource, cached and renewed before expiry); in headers mode
 * (development and tests only) the stand-in headers of `standIn`. Calls made FOR a signed-in person
 * forward that person's token instead (`actorMetadata(actor)`).
 */
export class ServiceCaller {
  private constructor(
    private readonly source: ServiceTokenSource | undefined,
    private readonly standIn: Actor,
  ) {}

  /**
   * The identity of the service's config. In token mode ACCESS_AUTH_URL, ACCESS_CLIENT_ID and a
   * readable ACCESS_CLIENT_SECRET_FILE are required: a ConfigError names what is missing, at boot.
   */
  static fromConfig(config: AccessConfig, standIn: Actor, options: { now?: () => Date } = {}): ServiceCaller {
    if (accessMode(config) === 'headers') return new ServiceCaller(undefined, standIn);
    const problems: string[] = [];
    const required =
      '令牌模式（ACCESS_MODE=token）下服务自身调用须配置 / required in token mode for the service identity';
    if (config.ACCESS_AUTH_URL === undefined) problems.push(`ACCESS_AUTH_URL: ${required}`);
    if (config.ACCESS_CLIENT_ID === undefined) problems.push(`ACCESS_CLIENT_ID: ${required}`);
    let secret: string | undefined;
    if (config.ACCESS_CLIENT_SECRET_FILE === undefined)
      problems.push(`ACCESS_CLIENT_SECRET_FILE: ${required}`);
    else secret = readSecret(config.ACCESS_CLIENT_SECRET_FILE, problems);
    if (problems.length > 0 || secret === undefined) throw new ConfigError(problems);
    return new ServiceCaller(
      new ServiceTokenSource({
        authUrl: config.ACCESS_AUTH_URL as string,
        clientId: config.ACCESS_CLIENT_ID as string,
        clientSecret: secret,
        now: options.now,
      }),
      standIn,
    );
  }

  /** `token` when calls carry the service's token, `headers` for the development stand-in. */
  get mode(): 'token' | 'headers' {
    return this.source === undefined ? 'headers' : 'token';
  }

  /** gRPC metadata for a call as the service itself. Token mode: unavailable when the sign-in service cannot give a token. */
  async metadata(): Promise<Metadata> {
    return this.source === undefined ? actorMetadata(this.standIn) : this.source.metadata();
  }
}

function readSecret(file: string, problems: string[]): string | undefined {
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch (error) {
    problems.push(
      `ACCESS_CLIENT_SECRET_FILE: 无法读取 ${file} / cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return undefined;
  }
  if (secret.length < 16) {
    problems.push(
      'ACCESS_CLIENT_SECRET_FILE: 密钥过短（至少16个字符） / the secret must be at least 16 characters',
    );
    return undefined;
  }
  return secret;
}
