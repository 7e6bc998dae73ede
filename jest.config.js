// Two tiers (STYLE.md): unit specs beside the code, and integration specs that run against
// the real Kafka broker and the real database, sharing one infrastructure harness.
const preset = require('./jest.preset');

module.exports = {
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.js',
      testTimeout: 120000,
      slowTestThreshold: 30,
    },
  ],
};
