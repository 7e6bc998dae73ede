import { KeyringError } from '@care/crypto';
import { auditChainKeyConfig, auditChainKeyFromConfig } from './audit-chain-key';

describe('audit chain key from config', () => {
  const dev = 'ab'.repeat(32);
  const setting = auditChainKeyConfig(dev);

  it('validates 32 bytes of hex and applies the development default outside production', () => {
    expect(setting.AUDIT_CHAIN_KEY.safeParse('12').success).toBe(false);
    expect(auditChainKeyFromConfig({ AUDIT_CHAIN_KEY: dev })).toEqual(Buffer.alloc(32, 0xab));
  });

  it('refuses the public development key in production, accepts a real one', () => {
    expect(() => auditChainKeyFromConfig({ NODE_ENV: 'production', AUDIT_CHAIN_KEY: dev })).toThrow(
      KeyringError,
    );
    const real = 'cd'.repeat(32);
    expect(auditChainKeyFromConfig({ NODE_ENV: 'production', AUDIT_CHAIN_KEY: real })).toHaveLength(32);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => auditChainKeyFromConfig({ AUDIT_CHAIN_KEY: 'abcd' })).toThrow(KeyringError);
  });
});
