import { z } from 'zod';
import { ConfigError, loadConfig } from '@care/config';
import { accessConfig, accessConfigProblems, accessMode, accessOptionsFromConfig } from './access-config';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  ...accessConfig,
});
const load = (env: Record<string, string>) => loadConfig(schema, env);

describe('ACCESS_MODE', () => {
  it('defaults to the header stand-in outside production and to tokens in production', () => {
    expect(accessMode(load({}))).toBe('headers');
    expect(accessMode(load({ NODE_ENV: 'test' }))).toBe('headers');
    expect(accessMode(load({ NODE_ENV: 'production' }))).toBe('token');
    expect(accessOptionsFromConfig(load({}))).toEqual({
      mode: 'headers',
      now: undefined,
      verifier: undefined,
    });
  });

  it('refuses the stand-in in production, naming the variable', () => {
    expect(accessConfigProblems(load({ NODE_ENV: 'production', ACCESS_MODE: 'headers' }))).toEqual([
      expect.stringMatching(/^ACCESS_MODE: 生产环境不得使用身份请求头临时方式/),
    ]);
    expect(() => accessOptionsFromConfig(load({ NODE_ENV: 'production', ACCESS_MODE: 'headers' }))).toThrow(
      /ACCESS_MODE/,
    );
  });

  it('needs the JWKS in token mode: at load when set explicitly, at boot when it is the production default', () => {
    expect(accessConfigProblems(load({ ACCESS_MODE: 'token' }))).toEqual([
      expect.stringMatching(/^ACCESS_JWKS_URL/),
    ]);
    expect(accessConfigProblems(load({ NODE_ENV: 'production' }))).toEqual([]);
    expect(() => accessOptionsFromConfig(load({ NODE_ENV: 'production' }))).toThrow(ConfigError);
    const url = 'http://127.0.0.1:3109/.well-known/jwks.json';
    expect(accessOptionsFromConfig(load({ NODE_ENV: 'production', ACCESS_JWKS_URL: url }))).toMatchObject({
      mode: 'token',
      verifier: { jwksUrl: url, issuer: 'care-auth', audience: 'care-platform', cooldownMs: 30_000 },
    });
  });

  it('refuses a mode that is neither', () => {
    expect(() => load({ ACCESS_MODE: 'none' })).toThrow(/ACCESS_MODE/);
    expect(() => load({ ACCESS_JWKS_URL: 'not a url' })).toThrow(/ACCESS_JWKS_URL/);
  });
});
