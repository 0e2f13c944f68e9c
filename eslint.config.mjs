// ESLint configuration of the project itself (flat config). It runs in `npm test` (`npm run lint`),
// so CI runs it. The rule set is chosen to find defects, not to impose a style: unused code, promises
// nobody awaits or catches, loose equality, switch fall-through, unsafe `finally` and the like. The
// TypeScript sources are linted with type information (the typed rules need it); the `.mjs`/`.js`
// scripts, benchmarks and the webview script are linted without it. Formatting is left to the authors.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Rules that find defects in any JavaScript or TypeScript file. */
const defectRules = {
  eqeqeq: ['error', 'smart'],
  'no-fallthrough': 'error',
  'no-unsafe-finally': 'error',
  'no-self-compare': 'error',
  'no-unmodified-loop-condition': 'error',
  'no-unreachable-loop': 'error',
  'no-constant-binary-expression': 'error',
  'no-useless-catch': 'error',
  'no-var': 'error',
  'prefer-const': ['error', { destructuring: 'all' }],
  'no-empty': ['error', { allowEmptyCatch: true }],
  // Style, not defects: the project writes `${{ }}` and `${1:snippet}` strings on purpose, waits with
  // `new Promise((r) => setTimeout(r, ms))`, and spells out spaces in test expressions.
  'no-template-curly-in-string': 'off',
  'no-promise-executor-return': 'off',
  'no-regex-spaces': 'off',
  // Making control characters visible is the job of report/safe-text.ts and of many tests.
  'no-control-regex': 'off',
};

/** How unused names are told apart from deliberately ignored ones. */
const unusedVars = ['error', { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'out/**', 'dist/**', 'action/dist/**', '.vsix-stage/**', '.vscode-test/**', '.corpus/**',
      'bench/.work/**', 'test-artifacts/**',
      // Inputs, not our code: rule fixtures, test fixtures, bundled example workspaces, vendored code.
      '**/fixtures/**', 'examples/**', 'server/src/vendor/**', 'test/precision/**',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // Plain JavaScript: the build and packaging scripts, the benchmarks, the CLI shim, the webview script.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    rules: { ...defectRules, 'no-unused-vars': unusedVars },
  },
  {
    files: ['**/*.cjs', 'bin/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, acquireVsCodeApi: 'readonly' } },
  },
  // TypeScript, with type information from the project's tsconfig files.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...defectRules,
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
      // Defects: promises that nobody awaits, catches or marks `void`, and awaits of non-promises.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Untyped input (JSON, YAML, the LSP wire) is handled as `unknown` or `any` on purpose in places;
      // these rules would flag every such read without finding defects.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // A redundant `as T` or `!` is noise, not a defect; removing the 86 there are would touch rule files
      // other work is changing.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Walking up a parent chain from `this` (`for (let n = this; n; n = n.parent)`) is not the aliasing
      // this rule is about.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
);
