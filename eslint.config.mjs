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

// Casts that silence the type checker rather than satisfy it: input is parsed (zod), output typed by the SDK's own types.
const noSilencingCasts = [
  {
    selector: "TSAsExpression[expression.type='TSAsExpression'][expression.typeAnnotation.type='TSUnknownKeyword']",
    message: 'No `as unknown as`: parse untrusted input with a zod schema, or type the value with the SDK\'s own types.',
  },
  { selector: "TSAsExpression[typeAnnotation.type='TSNeverKeyword'], TSTypeAssertion[typeAnnotation.type='TSNeverKeyword']", message: 'No `as never`: give the value the type the API asks for.' },
];

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
  // Platform code takes the types its SDKs give (or parses untrusted input with zod): no silencing casts.
  { files: ['src/platforms/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...noSilencingCasts] } },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
