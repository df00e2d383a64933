// Lint enforces the import boundaries of STYLE.md: workflows stay deterministic and bundleable,
// activities never see the workflow runtime, and the API never reaches into workflows or activities.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', '.bench-scratch/', 'inbox/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['scripts/**/*.js', 'jest.config.js', 'jest.lanes.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
        patterns: [
          { group: ['@temporalio/*', '!@temporalio/workflow', '!@temporalio/common'], message: 'Workflows import only @temporalio/workflow.' },
          { group: ['**/activities/*', '**/activities'], allowTypeImports: true, message: 'Workflows see activities only as types.' },
          { group: ['**/api/*', '**/config*', '**/logger*', 'openai', 'koa', '@modelcontextprotocol/*'], message: 'Workflows stay dependency-free.' },
        ],
      }],
    },
  },
  {
    // Commands leave at known points of workflow code (awaited, in the main loop), never from a
    // deferred callback whose timing depends on microtask order. task-context.ts's publishVisibility
    // still does (issue 9: being replaced by the worker-free reads); drop the ignore when it is.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/task-runtime/task-context.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.property.name=/^(then|finally)$/]", message: 'Workflow code awaits; a .then/.finally callback would issue commands at a point nobody chose.' },
        { selector: "CallExpression[callee.name='queueMicrotask']", message: 'Workflow code awaits; a microtask callback would issue commands at a point nobody chose.' },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@temporalio/workflow', message: 'Activities never import the workflow runtime.' }] }],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/workflows/*', '**/workflows', '**/activities/*', '**/activities'], message: 'The API starts workflows by type name only.' }],
      }],
    },
  },
);
