import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateSm2KeyPair } from '@care/crypto';
import { SELECTABLE_FIELDS, type SelectableField } from '@care/exchange-rules';
import type { PeerFile, SigningKeyFile } from './gateway-identity';

// DEVELOPMENT AND TESTS ONLY: a small local CA and, per city, a TLS certificate for mutual TLS
// between gateways and an SM2 signing key, plus each city's peers file naming the others. In
// production the certificates come from the province's CA and the keys from the city's key
// management (docs/operations); nothing here is used there.
//
// TLS uses ECDSA P-256: Node's TLS cannot negotiate the SM2 suites of GB/T 38636 (TLCP), so the
// national algorithms protect the messages themselves (SM2 signatures over SM3), not the channel.

export interface DevCity {
  readonly city: string;
  /** Port of the city's exchange listener on 127.0.0.1. */
  readonly exchangePort: number;
}

function openssl(args: readonly string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The certificate subject a city's gateway presents: CN=gateway-<city>. */
export function gatewayCommonName(city: string): string {
  return `gateway-${city}`;
}

/** A CA (key + self-signed certificate) in `dir`, created when missing. */
export function ensureCa(dir: string, name = 'care-dev-ca'): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  if (!existsSync(cert)) {
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key], dir);
    openssl(
      [
        'req',
        '-x509',
        '-new',
        '-key',
        key,
        '-sha256',
        '-days',
        '3650',
        '-subj',
        `/O=care-dev/CN=${name}`,
        '-out',
        cert,
      ],
      dir,
    );
  }
  return { cert, key };
}

/** A gateway certificate for `commonName`, issued by the CA, for both server and client auth. */
export function issueGatewayCertificate(
  ca: { cert: string; key: string },
  dir: string,
  commonName: string,
  days = 825,
): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'tls.key');
  const csr = join(dir, 'tls.csr');
  const cert = join(dir, 'tls.crt');
  const ext = join(dir, 'tls.ext');
  writeFileSync(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyAgreement',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=DNS:${commonName},IP:127.0.0.1`,
    ].join('\n'),
  );
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key], dir);
  openssl(['req', '-new', '-key', key, '-subj', `/O=care-dev/CN=${commonName}`, '-out', csr], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-days',
      String(days),
      '-sha256',
      '-extfile',
      ext,
      '-out',
      cert,
    ],
    dir,
  );
  return { cert, key };
}

export interface DevPkiOptions {
  /**
   * The record fields a pair of cities agreed to exchange (asked once per pair, so both peers
   * files list the same agreement for each other); default every selectable field.
   */
  readonly sharedFields?: (cityA: string, cityB: string) => readonly SelectableField[];
}

/**
 * The whole development PKI for `cities` under `root`: root/<city>/{tls.crt,tls.key,signing.json,
 * peers.json} and the CA. Existing keys and certificates are kept, so restarts keep their keys;
 * the peers files are written each time.
 */
export function writeDevPki(root: string, cities: readonly DevCity[], options: DevPkiOptions = {}): void {
  const agreements = new Map<string, readonly SelectableField[]>();
  const sharedFields = (a: string, b: string): SelectableField[] => {
    const pair = [a, b].sort();
    const key = pair.join('-');
    let fields = agreements.get(key);
    if (fields === undefined) {
      fields = options.sharedFields?.(pair[0], pair[1]) ?? SELECTABLE_FIELDS;
      agreements.set(key, fields);
    }
    return [...fields];
  };
  const ca = ensureCa(root);
  const signing = new Map<string, SigningKeyFile>();
  for (const { city } of cities) {
    const dir = join(root, city);
    if (!existsSync(join(dir, 'tls.crt'))) issueGatewayCertificate(ca, dir, gatewayCommonName(city));
    const signingFile = join(dir, 'signing.json');
    if (!existsSync(signingFile)) {
      const key = generateSm2KeyPair();
      writeFileSync(signingFile, JSON.stringify({ keyId: `${city}-dev-1`, ...key }, null, 2), {
        mode: 0o600,
      });
    }
    signing.set(city, JSON.parse(readFileSync(signingFile, 'utf-8')) as SigningKeyFile);
  }
  const pairKeysFile = join(root, 'pair-keys.json');
  const pairKeys: Record<string, string> = existsSync(pairKeysFile)
    ? (JSON.parse(readFileSync(pairKeysFile, 'utf-8')) as Record<string, string>)
    : {};
  const pairKey = (a: string, b: string): string => {
    const pair = [a, b].sort().join('-');
    pairKeys[pair] ??= randomBytes(32).toString('hex');
    return pairKeys[pair];
  };
  for (const { city } of cities) {
    const mine = Object.fromEntries(
      cities.filter((o) => o.city !== city).map((o) => [o.city, pairKey(city, o.city)]),
    );
    writeFileSync(join(root, city, 'pair-keys.json'), JSON.stringify(mine, null, 2), { mode: 0o600 });
  }
  writeFileSync(pairKeysFile, JSON.stringify(pairKeys, null, 2), { mode: 0o600 });
  for (const { city } of cities) {
    const peers: PeerFile[] = cities
      .filter((other) => other.city !== city)
      .map((other) => {
        const key = signing.get(other.city) as SigningKeyFile;
        return {
          city: other.city,
          url: `https://127.0.0.1:${other.exchangePort}`,
          certificateName: gatewayCommonName(other.city),
          signingKeys: [{ keyId: key.keyId, publicKey: key.publicKey }],
          fields: sharedFields(city, other.city),
        };
      });
    writeFileSync(join(root, city, 'peers.json'), JSON.stringify(peers, null, 2));
  }
}

// `npx tsx apps/gateway/src/pki/dev-pki.ts <dir> 371700:3207 410100:3217` (infra/gateway-pki.sh).
if (require.main === module) {
  const [root, ...specs] = process.argv.slice(2);
  if (root === undefined || specs.length < 2) {
    console.error('usage: dev-pki.ts <dir> <city>:<exchangePort> <city>:<exchangePort> ...');
    process.exit(2);
  }
  writeDevPki(
    root,
    specs.map((spec) => {
      const [city, port] = spec.split(':');
      return { city, exchangePort: Number(port) };
    }),
  );
}
