// Lint: typescript-eslint recommended, plus the boundary the GUIDE asks for —
// the platform-neutral core never imports a platform SDK (botbuilder, Bolt, Slack).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformSdks = {
  patterns: [
    { group: ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/agents-*'], message: 'src/core must not import a platform SDK: put Teams code in src/platforms/teams.' },
    { group: ['@slack/*'], message: 'src/core must not import a platform SDK: put Slack code in src/platforms/slack.' },
    { group: ['**/platforms/**', 'express', 'typeorm', '**/store/**'], message: 'src/core is platform- and storage-neutral: depend on a port (interface) instead.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', platformSdks] } },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
