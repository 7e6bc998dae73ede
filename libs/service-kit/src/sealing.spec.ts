import { KeyringError, SealError } from '@care/crypto';
import { z } from 'zod';
import { loadConfig } from '@care/config';
import {
  activeKeyVersion,
  activeKeyVersionProblems,
  FieldSealer,
  keyringFromConfig,
  sealingKeysConfig,
  type SealingKeyConfig,
} from './sealing';

const hex = (bytes: number, fill: number) => Buffer.alloc(bytes, fill).toString('hex');
const schema = z.object({ NODE_ENV: z.string().optional(), ...sealingKeysConfig });
const dev = loadConfig(schema, { NODE_ENV: 'development' }) as SealingKeyConfig;
const prod: SealingKeyConfig = {
  NODE_ENV: 'production',
  PERSONAL_DATA_KEYS: [
    { version: 1, encryptionKey: hex(16, 0x11), macKey: hex(32, 0x12) },
    { version: 2, encryptionKey: hex(16, 0x21), macKey: hex(32, 0x22) },
  ],
  BLIND_INDEX_KEY: hex(32, 0x31),
};

describe('sealing keys of a service config', () => {
  it('seals and opens with the development defaults', () => {
    const sealer = new FieldSealer(keyringFromConfig(dev));
    const sealed = sealer.seal('村委会反映：父母外出务工，孩子无人照看');
    expect(sealed).toMatch(/^sm4:1:/);
    expect(sealed).not.toContain('孩子');
    expect(sealer.open(sealed)).toBe('村委会反映：父母外出务工，孩子无人照看');
  });

  it('refuses the public development keys when NODE_ENV=production', () => {
    expect(() => keyringFromConfig({ ...dev, NODE_ENV: 'production' })).toThrow(KeyringError);
    expect(() => loadConfig(schema, { NODE_ENV: 'production' })).toThrow(/PERSONAL_DATA_KEYS/);
  });

  it('seals with the highest version unless one is chosen, and still opens older ones', () => {
    expect(activeKeyVersion(prod)).toBe(2);
    const older = new FieldSealer(keyringFromConfig({ ...prod, PERSONAL_DATA_ACTIVE_KEY_VERSION: 1 }));
    const current = new FieldSealer(keyringFromConfig(prod));
    const sealed = older.seal('说明');
    expect(current.open(sealed)).toBe('说明');
    expect(current.needsRotation(sealed)).toBe(true);
    expect(current.needsRotation(current.reseal(sealed))).toBe(false);
  });

  it('names an active version that is not among the keys', () => {
    expect(activeKeyVersionProblems({ ...prod, PERSONAL_DATA_ACTIVE_KEY_VERSION: 3 })).toEqual([
      expect.stringMatching(/^PERSONAL_DATA_ACTIVE_KEY_VERSION/),
    ]);
    expect(activeKeyVersionProblems(prod)).toEqual([]);
  });

  it('refuses a tampered value', () => {
    const sealer = new FieldSealer(keyringFromConfig(dev));
    const sealed = sealer.seal('说明');
    const parts = sealed.split(':');
    parts[3] = Buffer.alloc(16, 7).toString('base64');
    expect(() => sealer.open(parts.join(':'))).toThrow(SealError);
  });
});
