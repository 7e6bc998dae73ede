import { KeyringError, open, seal } from '@care/crypto';
import { loadRegistryConfig } from '../config';
import { auditChainKeyFromConfig, keyringFromConfig } from '@care/service-kit';

describe('keys from the registry config', () => {
  const dev = loadRegistryConfig({ NODE_ENV: 'development' });

  it('builds a working keyring from the development defaults', () => {
    const keyring = keyringFromConfig(dev);
    expect(open(keyring, seal(keyring, '张三'))).toBe('张三');
    expect(auditChainKeyFromConfig(dev)).toHaveLength(32);
  });

  it('refuses the public development keys when NODE_ENV=production', () => {
    // config.ts does not apply dev defaults in production; this catches them pasted in by hand.
    expect(() => keyringFromConfig({ ...dev, NODE_ENV: 'production' })).toThrow(KeyringError);
    expect(() => auditChainKeyFromConfig({ ...dev, NODE_ENV: 'production' })).toThrow(KeyringError);
  });

  it('accepts real keys in production, with the active version chosen by config', () => {
    const hex = (n: number, b: number) => Buffer.alloc(n, b).toString('hex');
    const prod = {
      NODE_ENV: 'production',
      PERSONAL_DATA_KEYS: [
        { version: 1, encryptionKey: hex(16, 0x11), macKey: hex(32, 0x12) },
        { version: 2, encryptionKey: hex(16, 0x21), macKey: hex(32, 0x22) },
      ],
      PERSONAL_DATA_ACTIVE_KEY_VERSION: 1,
      BLIND_INDEX_KEY: hex(32, 0x31),
      AUDIT_CHAIN_KEY: hex(32, 0x41),
    };
    expect(keyringFromConfig(prod).current).toBe(1);
    expect(keyringFromConfig({ ...prod, PERSONAL_DATA_ACTIVE_KEY_VERSION: undefined }).current).toBe(2);
  });
});
