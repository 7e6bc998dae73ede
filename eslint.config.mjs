// Lint rules for the whole workspace. Module boundaries (STYLE.md) are enforced by tags:
//   type:app       may use anything but another app
//   type:feature   feature, data-access, platform, contracts, domain, util
//   type:platform  transports and infrastructure (Kafka, gRPC, mongoose, telemetry)
//   type:contracts generated protobuf contracts
//   type:domain    pure rules: domain and util only — never a transport or the database
//   type:util      pure helpers: util only
//   type:testing   harness and fixtures, for tests only
//   scope:<dept>   a department's code may use only its own scope and scope:shared
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const departments = [
  'registry',
  'services-catalog',
  'education',
  'health-insurance',
  'welfare',
  'housing-transport',
  'gateway',
  'monitoring',
];

export default [
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.cache/**',
      '.nx/**',
      'libs/contracts/src/generated/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:platform',
                'type:contracts',
                'type:domain',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:platform',
                'type:contracts',
                'type:domain',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:util'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:testing',
                'type:platform',
                'type:contracts',
                'type:domain',
                'type:util',
              ],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            ...departments.map((d) => ({
              sourceTag: `scope:${d}`,
              onlyDependOnLibsWithTags: [`scope:${d}`, 'scope:shared'],
            })),
          ],
        },
      ],
    },
  },
  {
    // Tests may use any/non-null freely where a fixture needs it; the rules above still apply to code.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        globalThis: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
