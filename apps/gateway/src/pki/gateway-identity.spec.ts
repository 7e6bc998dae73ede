import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSm2KeyPair } from '@care/crypto';
import { ALL_FIELDS } from '@care/exchange-rules';
import { loadGatewayConfig } from '../config';
import { GatewayIdentityError, loadGatewayIdentity, type PeerFile } from './gateway-identity';

// The gateway's identity is read once at boot from files an operator writes by hand (or the
// province's key management does): a broken one must stop the boot naming the variable, the
// field and the rule, never start a gateway that signs or trusts the wrong thing.

const HEZE = '371700';
const ZHENGZHOU = '410100';
const PAIR_HEX = 'ab'.repeat(32);

const own = { keyId: '371700-dev-1', ...generateSm2KeyPair() };
const partner = { keyId: '410100-dev-1', ...generateSm2KeyPair() };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gateway-identity-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const zhengzhouPeer = (overrides: Partial<PeerFile> = {}): PeerFile => ({
  city: ZHENGZHOU,
  url: 'https://127.0.0.1:3217',
  certificateName: 'gateway-410100',
  signingKeys: [{ keyId: partner.keyId, publicKey: partner.publicKey }],
  ...overrides,
});

interface Files {
  signing?: unknown;
  peers?: unknown;
  pairKeys?: unknown;
}

/** Writes the files (JSON unless a string is given) and loads them as Heze's gateway would. */
function load(files: Files = {}, env: Record<string, string> = {}) {
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const config = loadGatewayConfig({
    CITY_CODE: HEZE,
    GATEWAY_TLS_CERT_FILE: write('tls.crt', '-----BEGIN CERTIFICATE-----\ncert\n'),
    GATEWAY_TLS_KEY_FILE: write('tls.key', '-----BEGIN PRIVATE KEY-----\nkey\n'),
    GATEWAY_TLS_CA_FILE: write('ca.crt', '-----BEGIN CERTIFICATE-----\nca\n'),
    GATEWAY_SIGNING_KEY_FILE: write('signing.json', 'signing' in files ? files.signing : own),
    GATEWAY_PEERS_FILE: write('peers.json', 'peers' in files ? files.peers : [zhengzhouPeer()]),
    GATEWAY_PAIR_KEYS_FILE: write(
      'pair-keys.json',
      'pairKeys' in files ? files.pairKeys : { [ZHENGZHOU]: PAIR_HEX },
    ),
    ...env,
  });
  return loadGatewayIdentity(config);
}

/** The error's text: a GatewayIdentityError, nothing else. */
function problem(files: Files, env: Record<string, string> = {}): string {
  try {
    load(files, env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayIdentityError);
    return (error as Error).message;
  }
  throw new Error('loaded');
}

describe('loadGatewayIdentity', () => {
  it('reads the city, the TLS files, the signing key and each partner with its keys and pair key', () => {
    const identity = load();
    expect(identity.city).toBe(HEZE);
    expect(identity.tls.cert.toString()).toContain('cert');
    expect(identity.tls.key.toString()).toContain('key');
    expect(identity.tls.ca.toString()).toContain('ca');
    expect(identity.signing).toEqual(own);
    expect([...identity.peers.keys()]).toEqual([ZHENGZHOU]);
    const zz = identity.peers.get(ZHENGZHOU);
    expect(zz).toEqual({
      city: ZHENGZHOU,
      url: 'https://127.0.0.1:3217',
      certificateName: 'gateway-410100',
      signingKeys: new Map([[partner.keyId, partner.publicKey]]),
      pairIndexKey: Buffer.from(PAIR_HEX, 'hex'),
      fields: ALL_FIELDS, // no `fields`: every field, as before agreements were written down
    });
  });

  it('keeps every signing key a partner lists (an old one stays while messages signed with it may arrive)', () => {
    const older = { keyId: '410100-dev-0', publicKey: generateSm2KeyPair().publicKey };
    const identity = load({
      peers: [
        zhengzhouPeer({ signingKeys: [{ keyId: partner.keyId, publicKey: partner.publicKey }, older] }),
      ],
    });
    expect([...(identity.peers.get(ZHENGZHOU)?.signingKeys.keys() ?? [])]).toEqual([
      partner.keyId,
      older.keyId,
    ]);
  });

  it('starts with no partner at all (a city not yet exchanging), and ignores a pair key of a city no longer a partner', () => {
    expect(load({ peers: [] }).peers.size).toBe(0);
    expect([...load({ pairKeys: { [ZHENGZHOU]: PAIR_HEX, '110100': PAIR_HEX } }).peers.keys()]).toEqual([
      ZHENGZHOU,
    ]);
  });

  describe('unreadable files', () => {
    it.each([
      'GATEWAY_SIGNING_KEY_FILE',
      'GATEWAY_PEERS_FILE',
      'GATEWAY_PAIR_KEYS_FILE',
      'GATEWAY_TLS_CERT_FILE',
      'GATEWAY_TLS_KEY_FILE',
      'GATEWAY_TLS_CA_FILE',
    ])('%s missing: names the variable and the path, and how to make the development files', (variable) => {
      const missing = join(dir, 'nowhere', 'file');
      expect(problem({}, { [variable]: missing })).toBe(
        `${variable}: 无法读取文件 ${missing}（开发环境请先运行 bash infra/gateway-pki.sh）/ cannot read ${missing}`,
      );
    });

    it('a directory where a file should be', () => {
      expect(problem({}, { GATEWAY_PEERS_FILE: dir })).toMatch(/^GATEWAY_PEERS_FILE: 无法读取文件/);
    });
  });

  it.each<[string, Files, string]>([
    ['GATEWAY_SIGNING_KEY_FILE', { signing: '{"keyId": ' }, 'signing.json'],
    ['GATEWAY_PEERS_FILE', { peers: '[{city: 410100}]' }, 'peers.json'],
    ['GATEWAY_PAIR_KEYS_FILE', { pairKeys: '' }, 'pair-keys.json'],
  ])('%s not JSON: names the variable and the file', (variable, files, file) => {
    expect(problem(files)).toBe(`${variable}: ${join(dir, file)} 不是有效的JSON / not valid JSON`);
  });

  describe('the signing key', () => {
    it.each<[string, unknown, string]>([
      ['not an object', [own], '(root): Expected object, received array'],
      ['no keyId', { ...own, keyId: undefined }, 'keyId: Required'],
      ['a keyId with a space', { ...own, keyId: 'dev 1' }, 'keyId: 须为1至64位字母数字._-'],
      [
        'a short private key',
        { ...own, privateKey: own.privateKey.slice(2) },
        'privateKey: 须为64位十六进制SM2私钥',
      ],
      [
        'an upper-case private key',
        { ...own, privateKey: own.privateKey.toUpperCase() },
        'privateKey: 须为64位十六进制SM2私钥',
      ],
      [
        'a public key without the 04 prefix',
        { ...own, publicKey: own.publicKey.slice(2) },
        'publicKey: 须为SM2曲线上的公钥（04||x||y）',
      ],
      [
        'a public key off the curve',
        { ...own, publicKey: `04${'1'.repeat(128)}` },
        'publicKey: 须为SM2曲线上的公钥（04||x||y）',
      ],
    ])('%s', (_why, signing, rule) => {
      const message = problem({ signing });
      expect(message).toBe(`GATEWAY_SIGNING_KEY_FILE (${join(dir, 'signing.json')}): ${rule}`);
    });

    it('a private key of 64 hex digits that is no SM2 key (0, or not below the curve order)', () => {
      for (const privateKey of ['0'.repeat(64), 'f'.repeat(64)])
        expect(problem({ signing: { ...own, privateKey } })).toBe(
          'GATEWAY_SIGNING_KEY_FILE: privateKey 不是有效的SM2私钥（须在 1 至 n-1 之间）/ out of range',
        );
    });

    it("a public key that is not the private key's (two files mixed up)", () => {
      expect(problem({ signing: { ...own, publicKey: partner.publicKey } })).toBe(
        'GATEWAY_SIGNING_KEY_FILE: publicKey 与 privateKey 不匹配 / the keys do not match',
      );
    });
  });

  describe('the partners', () => {
    it.each<[string, unknown, string]>([
      ['not a list', zhengzhouPeer(), '(root): Expected array, received object'],
      ['a county as the city', [zhengzhouPeer({ city: '410102' })], '0.city: 须为6位城市代码'],
      ['an http URL', [zhengzhouPeer({ url: 'http://127.0.0.1:3217' })], '0.url: 须为 https://主机:端口'],
      [
        'a URL with a path',
        [zhengzhouPeer({ url: 'https://gw.zz/exchange' })],
        '0.url: 须为 https://主机:端口',
      ],
      ['no certificate name', [zhengzhouPeer({ certificateName: '' })], '0.certificateName'],
      ['no signing key', [zhengzhouPeer({ signingKeys: [] })], '0.signingKeys: 至少一个签名公钥'],
      [
        'a signing key off the curve',
        [zhengzhouPeer({ signingKeys: [{ keyId: 'k', publicKey: `04${'2'.repeat(128)}` }] })],
        '0.signingKeys.0.publicKey: 须为SM2曲线上的公钥',
      ],
    ])('%s', (_why, peers, rule) => {
      const message = problem({ peers });
      expect(message).toContain(`GATEWAY_PEERS_FILE (${join(dir, 'peers.json')}): ${rule}`);
    });

    it('its own city listed as a partner', () => {
      expect(problem({ peers: [zhengzhouPeer(), zhengzhouPeer({ city: HEZE })] })).toBe(
        'GATEWAY_PEERS_FILE: 371700 是本市，不能作为对端 / a city cannot be its own peer',
      );
    });

    it('a partner listed twice (which certificate and keys would count?)', () => {
      expect(problem({ peers: [zhengzhouPeer(), zhengzhouPeer({ url: 'https://10.0.0.2:3217' })] })).toBe(
        'GATEWAY_PEERS_FILE: 410100 重复 / listed twice',
      );
    });

    it('one key id listed twice for a partner (which key would verify?)', () => {
      const other = generateSm2KeyPair().publicKey;
      expect(
        problem({
          peers: [
            zhengzhouPeer({
              signingKeys: [
                { keyId: partner.keyId, publicKey: partner.publicKey },
                { keyId: partner.keyId, publicKey: other },
              ],
            }),
          ],
        }),
      ).toBe('GATEWAY_PEERS_FILE: 410100 的签名密钥 410100-dev-1 重复 / keyId listed twice');
    });
  });

  describe("the pair's agreement on the record fields (fields)", () => {
    const fieldsOf = (fields: unknown) => [
      ...(load({ peers: [{ ...zhengzhouPeer(), fields }] }).peers.get(ZHENGZHOU)?.fields ?? []),
    ];

    it('reads a narrower agreement: only those selectable fields are shared with the partner', () => {
      expect(fieldsOf(['name', 'birthDate', 'hukouAddress'])).toEqual(['name', 'birthDate', 'hukouAddress']);
    });

    it('reads an empty list as the core fields only, and every field listed as all', () => {
      expect(fieldsOf([])).toEqual([]);
      expect(new Set(fieldsOf([...ALL_FIELDS]))).toEqual(ALL_FIELDS);
    });

    it.each<[string, unknown, string]>([
      [
        'a field no record has',
        ['name', 'guardianPhone'],
        'GATEWAY_PEERS_FILE: 410100 的 fields：guardianPhone 不是可选的交换字段（可选：name、birthDate、sex、guardianName、guardianRelation、hukouAddress、residenceDivisionCode、keyCare） / not an agreed record field',
      ],
      [
        'a core field (always sent)',
        ['idNumberIndex'],
        'GATEWAY_PEERS_FILE: 410100 的 fields：idNumberIndex 是必发字段（childRef、idNumberIndex、status、updatedAt 总是发送），不得列出 / not an agreed record field',
      ],
      [
        'a field twice',
        ['name', 'name'],
        'GATEWAY_PEERS_FILE: 410100 的 fields：name 重复 / not an agreed record field',
      ],
    ])('refuses %s at boot, naming the partner and the field', (_why, fields, message) => {
      expect(problem({ peers: [{ ...zhengzhouPeer(), fields }] })).toBe(message);
    });

    it.each<[string, unknown, string]>([
      ['not a list', 'name', '0.fields: Expected array, received string'],
      ['a list of numbers', [1], '0.fields.0: Expected string, received number'],
    ])('refuses %s', (_why, fields, rule) => {
      expect(problem({ peers: [{ ...zhengzhouPeer(), fields }] })).toBe(
        `GATEWAY_PEERS_FILE (${join(dir, 'peers.json')}): ${rule}`,
      );
    });
  });

  describe('the pair keys', () => {
    it('no pair key for a partner (ID numbers could not be matched)', () => {
      expect(problem({ pairKeys: {} })).toBe(
        'GATEWAY_PAIR_KEYS_FILE: 缺少与 410100 的比对密钥 / no key for 410100',
      );
    });

    it.each<[string, unknown, string]>([
      ['a short key', { [ZHENGZHOU]: 'ab'.repeat(16) }, '410100: 须为64位十六进制密钥'],
      ['an upper-case key', { [ZHENGZHOU]: PAIR_HEX.toUpperCase() }, '410100: 须为64位十六进制密钥'],
      ['a county as the city', { [ZHENGZHOU]: PAIR_HEX, '410102': PAIR_HEX }, '410102: 须为6位城市代码'],
    ])('%s', (_why, pairKeys, rule) => {
      expect(problem({ pairKeys })).toBe(`GATEWAY_PAIR_KEYS_FILE (${join(dir, 'pair-keys.json')}): ${rule}`);
    });
  });
});
