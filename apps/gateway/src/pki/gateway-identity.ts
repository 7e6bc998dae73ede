import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isSm2PrivateKey, isSm2PublicKey, sm2PublicKeyOf, type Sm2KeyPair } from '@care/crypto';
import {
  ALL_FIELDS,
  FieldSelectionError,
  parseFieldSelection,
  type FieldSelection,
} from '@care/exchange-rules';
import type { GatewayConfig } from '../config';

// Who this gateway is (certificate, signing key) and whom it talks to (partner cities with
// their certificate names, signing keys and the key both index ID numbers under), read and checked once
// at boot. A broken file stops the boot naming the file, the field and the rule.

const CITY = z.string().regex(/^[0-9]{4}00$/, '须为6位城市代码');

const signingKeyFileSchema = z.object({
  keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '须为1至64位字母数字._-'),
  privateKey: z.string().refine(isSm2PrivateKey, '须为64位十六进制SM2私钥'),
  publicKey: z.string().refine(isSm2PublicKey, '须为SM2曲线上的公钥（04||x||y）'),
});
export type SigningKeyFile = z.output<typeof signingKeyFileSchema>;

const peerFileSchema = z.object({
  city: CITY,
  url: z.string().regex(/^https:\/\/[^/\s]+$/, '须为 https://主机:端口'),
  /** The CN its certificate carries (issued by the CA of GATEWAY_TLS_CA_FILE). */
  certificateName: z.string().min(1).max(200),
  signingKeys: z
    .array(
      z.object({
        keyId: z.string().min(1).max(64),
        publicKey: z.string().refine(isSm2PublicKey, '须为SM2曲线上的公钥'),
      }),
    )
    .min(1, '至少一个签名公钥'),
  /**
   * The selectable record fields this city shares with the partner, and expects from it (目的限定:
   * both cities list the same agreement for each other). Absent: every field.
   */
  fields: z.array(z.string()).optional(),
});
/** A peers file entry as written (the field names are checked against `SELECTABLE_FIELDS` after parsing). */
export type PeerFile = z.input<typeof peerFileSchema>;

export interface Peer {
  readonly city: string;
  readonly url: string;
  readonly certificateName: string;
  /** keyId -> public key (hex); old keys stay listed while messages signed with them may arrive. */
  readonly signingKeys: ReadonlyMap<string, string>;
  /** HMAC-SM3 key both cities index ID numbers under. */
  readonly pairIndexKey: Buffer;
  /** The record fields the pair agreed to exchange beyond the core ones (both directions). */
  readonly fields: FieldSelection;
}

export interface GatewayIdentity {
  readonly city: string;
  readonly tls: { readonly cert: Buffer; readonly key: Buffer; readonly ca: Buffer };
  readonly signing: Sm2KeyPair & { readonly keyId: string };
  readonly peers: ReadonlyMap<string, Peer>;
}

export class GatewayIdentityError extends Error {}

function readFile(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new GatewayIdentityError(
      `${variable}: 无法读取文件 ${path}（开发环境请先运行 bash infra/gateway-pki.sh）/ cannot read ${path}`,
    );
  }
}

function parseJson<T>(variable: string, path: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(variable, path).toString('utf-8'));
  } catch (error) {
    if (error instanceof GatewayIdentityError) throw error;
    throw new GatewayIdentityError(`${variable}: ${path} 不是有效的JSON / not valid JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatewayIdentityError(
      `${variable} (${path}): ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** Reads and checks the gateway's certificate, keys and partners. */
export function loadGatewayIdentity(config: GatewayConfig): GatewayIdentity {
  const signing = parseJson(
    'GATEWAY_SIGNING_KEY_FILE',
    config.GATEWAY_SIGNING_KEY_FILE,
    signingKeyFileSchema,
  );
  let publicKeyOfPrivate: string;
  try {
    publicKeyOfPrivate = sm2PublicKeyOf(signing.privateKey);
  } catch {
    // 64 hex digits, but 0 or not below the curve order n: no key at all.
    throw new GatewayIdentityError(
      'GATEWAY_SIGNING_KEY_FILE: privateKey 不是有效的SM2私钥（须在 1 至 n-1 之间）/ out of range',
    );
  }
  if (publicKeyOfPrivate !== signing.publicKey)
    throw new GatewayIdentityError(
      'GATEWAY_SIGNING_KEY_FILE: publicKey 与 privateKey 不匹配 / the keys do not match',
    );
  const peers = parseJson('GATEWAY_PEERS_FILE', config.GATEWAY_PEERS_FILE, z.array(peerFileSchema));
  const pairKeys = parseJson(
    'GATEWAY_PAIR_KEYS_FILE',
    config.GATEWAY_PAIR_KEYS_FILE,
    z.record(CITY, z.string().regex(/^[0-9a-f]{64}$/, '须为64位十六进制密钥')),
  );
  const byCity = new Map<string, Peer>();
  for (const peer of peers) {
    if (peer.city === config.CITY_CODE)
      throw new GatewayIdentityError(
        `GATEWAY_PEERS_FILE: ${peer.city} 是本市，不能作为对端 / a city cannot be its own peer`,
      );
    if (byCity.has(peer.city))
      throw new GatewayIdentityError(`GATEWAY_PEERS_FILE: ${peer.city} 重复 / listed twice`);
    const keyIds = peer.signingKeys.map((k) => k.keyId);
    const twice = keyIds.find((id, i) => keyIds.indexOf(id) !== i);
    if (twice !== undefined)
      throw new GatewayIdentityError(
        `GATEWAY_PEERS_FILE: ${peer.city} 的签名密钥 ${twice} 重复 / keyId listed twice`,
      );
    let fields: FieldSelection = ALL_FIELDS;
    if (peer.fields !== undefined)
      try {
        fields = parseFieldSelection(peer.fields);
      } catch (error) {
        if (!(error instanceof FieldSelectionError)) throw error;
        throw new GatewayIdentityError(
          `GATEWAY_PEERS_FILE: ${peer.city} 的 fields：${error.message} / not an agreed record field`,
        );
      }
    const pairKey = pairKeys[peer.city];
    if (pairKey === undefined)
      throw new GatewayIdentityError(
        `GATEWAY_PAIR_KEYS_FILE: 缺少与 ${peer.city} 的比对密钥 / no key for ${peer.city}`,
      );
    byCity.set(peer.city, {
      city: peer.city,
      url: peer.url,
      certificateName: peer.certificateName,
      signingKeys: new Map(peer.signingKeys.map((k) => [k.keyId, k.publicKey])),
      pairIndexKey: Buffer.from(pairKey, 'hex'),
      fields,
    });
  }
  return {
    city: config.CITY_CODE,
    tls: {
      cert: readFile('GATEWAY_TLS_CERT_FILE', config.GATEWAY_TLS_CERT_FILE),
      key: readFile('GATEWAY_TLS_KEY_FILE', config.GATEWAY_TLS_KEY_FILE),
      ca: readFile('GATEWAY_TLS_CA_FILE', config.GATEWAY_TLS_CA_FILE),
    },
    signing,
    peers: byCity,
  };
}
