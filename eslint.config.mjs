// The lint gate (npm run lint): eslint with typescript-eslint, eslint-plugin-lit and eslint-plugin-wc over
// the components, tests, stories, scripts and configs; lit-analyzer checks the templates (npm run lint:templates).
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'storybook-static/',
      'examples/*/dist/',
      'node_modules/',
      'test/typings/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['components/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts', 'examples/**/*.{ts,tsx}'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['components/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['components/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts', 'examples/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Node scripts and configs; the scripts also hold functions that run in a page (page.evaluate).
    files: ['**/*.mjs', '**/*.js', '.storybook/**/*.ts', 'scripts/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-unused-vars': 'off',
    },
  },
);
