// Shared jest settings: SWC transform with decorator metadata, @care/* aliases, fixed TZ.
const { jestModuleNameMapper, root } = require('./tools/tsconfig-paths');

process.env.TZ = 'Asia/Shanghai';

module.exports = {
  rootDir: root,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: jestModuleNameMapper(),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.cache/'],
};
