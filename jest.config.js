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
    {
      // The web UI in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against
      // the real services started in-process; run with --runInBand.
      ...preset,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.js',
    },
  ],
};
