// Two tiers (STYLE.md): unit specs beside the code, and integration specs that run against
// the real Kafka broker and the real database, sharing one infrastructure harness.
const preset = require('./jest.preset');

module.exports = {
  // Applies to every project (jest reads it only at the top level).
  testTimeout: 120000,
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
    },
  ],
};
