// ESLint flat config (issue 32): @eslint/js recommended plus typescript-eslint's type-aware recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's globals used by our JavaScript files (the TypeScript files get them from @types/node).
const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'performance', 'setTimeout', 'clearTimeout', 'TextEncoder', 'TextDecoder'].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'fixtures/', 'schema/', 'coverage/', '.bench/', 'test-artifacts/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `const { key, ...rest } = value` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    // The JavaScript files (bin/, scripts/, test helpers and reference generators) are not in a TypeScript project:
    // they get the rules that need no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    // A CommonJS file (preloaded with `node -r`) loads its modules with require().
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read the JSON reports the CLI prints, parsed as `any`; checking every member access on them would add nothing
    // the assertions do not already check.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
