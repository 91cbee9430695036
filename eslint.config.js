// Lint: typed rules from CONVENTIONS.md, the layer arrows from ARCHITECTURE.md, pure cores.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

const moduleNames = ['auth', 'audit', 'cases', 'campaigns', 'keywords', 'listings', 'merchants', 'monitoring', 'reports']

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'artifacts/', '.tianping/', 'bench/results/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'it', 'describe', 'suite', 'before', 'after'], package: 'node:test' }] },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration in src/platform/config.ts' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'no .only' },
      ],
    },
  },
  {
    files: ['src/platform/config.ts', 'scripts/**', 'bench/**', 'eval/**', 'test/**', 'web/vite.config.ts', 'web/vitest.config.ts', 'src/cli/main.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/http/**', '**/cli/**'], message: 'modules never import http or cli' },
            {
              regex: `^\\.\\./\\.\\./(${moduleNames.join('|')})/(?!index\\.ts$)`,
              message: "import another module only through its index.ts",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/*/core/**/*.ts'],
    ignores: ['src/modules/*/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./|opencc-js|pinyin-pro|chinese-days)', message: 'core/ is pure: import only core/ siblings and pure data libraries' }, { group: ['../*'], message: 'core/ imports only core/ siblings' }] },
      ],
      // Pure: no clock reads (Date.now(), new Date() without arguments), no process, no network, no timers.
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval', 'performance'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'core/ is pure: take time as an argument' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core/ is pure: take time as an argument' },
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: 'no .only' },
      ],
    },
  },
  {
    files: ['src/http/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: `modules/(${moduleNames.join('|')})/(?!index\\.ts$)`, message: 'import modules only through their index.ts' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
