import { retryServiceConfig } from './client';

describe('retryServiceConfig', () => {
  it('retries only UNAVAILABLE, for the named service, with retries+1 attempts', () => {
    expect(JSON.parse(retryServiceConfig('registry', 2))).toEqual({
      methodConfig: [
        {
          name: [{ service: 'registry.v1.RegistryService' }],
          retryPolicy: {
            maxAttempts: 3,
            initialBackoff: '0.1s',
            maxBackoff: '1s',
            backoffMultiplier: 2,
            retryableStatusCodes: ['UNAVAILABLE'],
          },
        },
      ],
    });
  });

  it('caps attempts at 5 (gRPC ignores more) and leaves out the policy when retries are off', () => {
    expect(JSON.parse(retryServiceConfig('catalogue', 10)).methodConfig[0].retryPolicy.maxAttempts).toBe(5);
    expect(JSON.parse(retryServiceConfig('catalogue', 0)).methodConfig[0]).toEqual({
      name: [{ service: 'catalogue.v1.CatalogueService' }],
    });
  });
});
