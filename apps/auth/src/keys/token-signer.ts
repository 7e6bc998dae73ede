import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  SignJWT,
  calculateJwkThumbprint,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import { InjectConfig } from '@care/config';
import { unauthenticated } from '@care/errors';
import { FieldSealer, InjectClock, type Clock } from '@care/service-kit';
import type { AuthConfig } from '../config';
import { publishedAt, rotationDue, rotationTimes, signingKeyAt } from './key-schedule';
import type { SigningKeyDocument } from './signing-key.schema';
import { SigningKeysRepository } from './signing-keys.repository';

const DAY_MS = 86_400_000;
/** Published keys are read again after this long, so every instance sees a rotation soon. */
const CACHE_MS = 10_000;
/** A retired key stays published this long past the longest-lived token it may have signed. */
const PUBLISH_MARGIN_MS = 5 * 60_000;

export interface SignOptions {
  readonly audience: string;
  readonly ttlSeconds: number;
}

/** The public half of a key as a JWKS entry. */
function jwksEntry(doc: SigningKeyDocument): JWK {
  return { ...doc.publicJwk, kid: doc._id, alg: doc.alg, use: 'sig' };
}

/**
 * Signs the service's tokens and publishes the keys that verify them. One key signs at a time;
 * rotation (on demand, or when the newest key is older than AUTH_KEY_ROTATION_DAYS) adds a key that
 * is published AUTH_KEY_ACTIVATION_SECONDS before it signs (key-schedule.ts), and retires the old
 * one, which stays in the JWKS until every token it signed has expired.
 */
@Injectable()
export class TokenSigner implements OnModuleInit {
  private cache: { at: number; keys: SigningKeyDocument[] } | undefined;
  private readonly privateKeys = new Map<string, KeyLike | Uint8Array>();
  private rotating: Promise<SigningKeyDocument> | undefined;

  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly sealer: FieldSealer,
    @InjectConfig() private readonly config: AuthConfig,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.signingKey();
  }

  /** The longest a token of this service lives: a retired key is published that long and a margin more. */
  private get publishMs(): number {
    return this.config.AUTH_ACCESS_TOKEN_TTL_SECONDS * 1000 + PUBLISH_MARGIN_MS;
  }

  private async published(fresh = false): Promise<SigningKeyDocument[]> {
    const now = this.clock.now();
    if (
      fresh ||
      this.cache === undefined ||
      now.getTime() - this.cache.at > CACHE_MS ||
      now.getTime() < this.cache.at
    )
      this.cache = { at: now.getTime(), keys: await this.repository.published(now) };
    return publishedAt(this.cache.keys, now);
  }

  private async signingKey(): Promise<SigningKeyDocument> {
    const rotationMs = this.config.AUTH_KEY_ROTATION_DAYS * DAY_MS;
    if (rotationDue(await this.published(), this.clock.now(), rotationMs)) await this.rotate();
    const key = signingKeyAt(await this.published(), this.clock.now());
    if (key === undefined) throw new Error('no signing key after a rotation');
    return key;
  }

  /**
   * Adds a new signing key, published now and signing from its activation on (at once when it is
   * the deployment's first), and retires the others from that instant (kept published until their
   * tokens expire). One rotation at a time in this process. Returns the new key.
   */
  rotate(): Promise<SigningKeyDocument> {
    this.rotating ??= this.addKey().finally(() => {
      this.rotating = undefined;
    });
    return this.rotating;
  }

  private async addKey(): Promise<SigningKeyDocument> {
    const now = this.clock.now();
    const alg = this.config.AUTH_SIGNING_ALG;
    const { publicKey, privateKey } = await generateKeyPair(alg, {
      crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
      extractable: true,
    });
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const previous = (await this.published(true)).filter((k) => k.retiredAt === null);
    const { activatesAt, retiredPublishUntil } = rotationTimes(
      now,
      previous.length === 0,
      this.config.AUTH_KEY_ACTIVATION_SECONDS * 1000,
      this.publishMs,
    );
    const doc: SigningKeyDocument = {
      _id: kid,
      alg,
      publicJwk,
      privateJwkSealed: this.sealer.seal(JSON.stringify(privateJwk)),
      createdAt: now,
      activatesAt,
      retiredAt: null,
      publishUntil: null,
    };
    await this.repository.insert(doc);
    for (const old of previous) await this.repository.retire(old._id, activatesAt, retiredPublishUntil);
    this.privateKeys.set(kid, privateKey);
    await this.published(true);
    return doc;
  }

  private async privateKeyOf(doc: SigningKeyDocument): Promise<KeyLike | Uint8Array> {
    const cached = this.privateKeys.get(doc._id);
    if (cached !== undefined) return cached;
    const key = await importJWK(JSON.parse(this.sealer.open(doc.privateJwkSealed)) as JWK, doc.alg);
    this.privateKeys.set(doc._id, key);
    return key;
  }

  /** A signed JWT with iss, aud, iat, exp, jti and the given claims (sub among them). */
  async sign(
    claims: JWTPayload,
    options: SignOptions,
  ): Promise<{ token: string; expiresAt: Date; jti: string }> {
    const key = await this.signingKey();
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const jti = randomUUID();
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key._id, typ: 'at+jwt' })
      .setIssuer(this.config.ACCESS_TOKEN_ISSUER)
      .setAudience(options.audience)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + options.ttlSeconds)
      .setJti(jti)
      .sign(await this.privateKeyOf(key));
    return { token, expiresAt: new Date((nowSeconds + options.ttlSeconds) * 1000), jti };
  }

  /** The JWKS: every key that signs or signed a token that may still be in use. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.published()).map(jwksEntry) };
  }

  /**
   * Verifies one of this service's own tokens (its admin API, challenges, refreshes) against the
   * published keys, for one of `audiences`. Refusals are `unauthenticated`, in Chinese.
   */
  async verify(token: string, audiences: readonly string[]): Promise<JWTPayload> {
    const keys = await this.published();
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const doc = keys.find((k) => k._id === header.kid && k.alg === header.alg);
          if (doc === undefined) throw new errors.JWKSNoMatchingKey();
          return importJWK(doc.publicJwk, doc.alg);
        },
        {
          issuer: this.config.ACCESS_TOKEN_ISSUER,
          audience: [...audiences],
          algorithms: ['EdDSA', 'ES256'],
          requiredClaims: ['exp', 'iat', 'sub'],
          currentDate: this.clock.now(),
        },
      );
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired)
        throw unauthenticated('令牌已过期，请重新登录', { reason: 'expired' });
      throw unauthenticated('令牌无效：签名、签发方或受众不正确', { reason: 'invalid' });
    }
  }
}
