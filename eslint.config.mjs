// Type-checked lint for every project, plus the dependency rules that keep the architecture honest:
// services depend on libs, never the reverse; contracts depend on nothing; domain libs import no framework.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const infrastructureClients = ['@nestjs/*', 'kafkajs', '@clickhouse/*', 'pg', 'better-sqlite3', '@kurrent/*', 'fastify'];
const crossProjectPaths = {
  group: ['../../*/src/*', '../../../libs/*', '../../../services/*'],
  message: 'Import another project through its package entry (@govmetrics/...).',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', '.reports/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: infrastructureClients },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: infrastructureClients },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util'],
              bannedExternalImports: infrastructureClients,
            },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:adapter'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:adapter'] },
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:adapter', 'type:tooling'],
              bannedExternalImports: ['@nestjs/*'],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:adapter', 'type:tooling'] },
            // The browser console knows the API only by the contracts' types (checked again below: type imports only).
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: [...infrastructureClients, 'zod'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': ['error', { patterns: [crossProjectPaths] }],
    },
  },
  {
    files: ['**/*.spec.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The CLI and the devkit never load Nest: its transport for the Kafka adapter has its own entry, for services only.
    files: ['tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [crossProjectPaths],
          paths: [{ name: '@govmetrics/kafka/nest', message: 'Tools never load Nest: import the Kafka adapter from @govmetrics/kafka.' }],
        },
      ],
    },
  },
  {
    // The console ships to browsers: it takes the contracts' types, never their runtime (zod and the schemas stay on the server).
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [crossProjectPaths],
          paths: [{ name: '@govmetrics/contracts', allowTypeImports: true, message: 'The console imports only types from the contracts.' }],
        },
      ],
    },
  },
  {
    // Nest needs runtime class references for constructor injection, so type-only imports would break DI.
    files: ['services/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
