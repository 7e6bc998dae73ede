import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SELECTABLE_FIELDS } from '@care/exchange-rules';
import { loadGatewayConfig } from '../config';
import { writeDevPki } from './dev-pki';
import { loadGatewayIdentity } from './gateway-identity';

// The development PKI writes each city's peers file with the pair's agreement on the record
// fields: the demo (Heze ↔ Zhengzhou) shares every field; a narrower agreement, asked once per
// pair, lands identically in both cities' files and loads through the real loader.

const HEZE = '371700';
const ZHENGZHOU = '410100';
const ANYANG = '410500';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dev-pki-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function identityOf(city: string) {
  const dir = join(root, city);
  return loadGatewayIdentity(
    loadGatewayConfig({
      CITY_CODE: city,
      GATEWAY_TLS_CERT_FILE: join(dir, 'tls.crt'),
      GATEWAY_TLS_KEY_FILE: join(dir, 'tls.key'),
      GATEWAY_TLS_CA_FILE: join(root, 'care-dev-ca.crt'),
      GATEWAY_SIGNING_KEY_FILE: join(dir, 'signing.json'),
      GATEWAY_PEERS_FILE: join(dir, 'peers.json'),
      GATEWAY_PAIR_KEYS_FILE: join(dir, 'pair-keys.json'),
    }),
  );
}

const cities = [
  { city: HEZE, exchangePort: 3207 },
  { city: ZHENGZHOU, exchangePort: 3217 },
  { city: ANYANG, exchangePort: 3227 },
];

describe('writeDevPki', () => {
  it('shares every field by default, listed in the peers files (the demo pair)', () => {
    writeDevPki(root, cities);
    const peers = JSON.parse(readFileSync(join(root, HEZE, 'peers.json'), 'utf-8')) as { fields: string[] }[];
    expect(peers.map((p) => p.fields)).toEqual([[...SELECTABLE_FIELDS], [...SELECTABLE_FIELDS]]);
    expect([...(identityOf(ZHENGZHOU).peers.get(HEZE)?.fields ?? [])]).toEqual([...SELECTABLE_FIELDS]);
  });

  it('writes a narrower agreement into both files of the pair, and only that pair', () => {
    const asked: string[] = [];
    writeDevPki(root, cities, {
      sharedFields: (a, b) => {
        asked.push(`${a}-${b}`);
        return a === HEZE && b === ZHENGZHOU
          ? ['name', 'birthDate', 'sex', 'hukouAddress']
          : SELECTABLE_FIELDS;
      },
    });
    expect(asked.sort()).toEqual(
      [`${HEZE}-${ANYANG}`, `${HEZE}-${ZHENGZHOU}`, `${ZHENGZHOU}-${ANYANG}`].sort(),
    );
    const heze = identityOf(HEZE);
    const zhengzhou = identityOf(ZHENGZHOU);
    expect([...(heze.peers.get(ZHENGZHOU)?.fields ?? [])]).toEqual([
      'name',
      'birthDate',
      'sex',
      'hukouAddress',
    ]);
    expect(zhengzhou.peers.get(HEZE)?.fields).toEqual(heze.peers.get(ZHENGZHOU)?.fields);
    expect(heze.peers.get(ANYANG)?.fields.size).toBe(SELECTABLE_FIELDS.length);
    expect(identityOf(ANYANG).peers.get(ZHENGZHOU)?.fields.size).toBe(SELECTABLE_FIELDS.length);
  });
});
