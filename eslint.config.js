import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Not type-aware on purpose: it stays fast, and `npm run typecheck` already runs the compiler.
 * Prettier owns formatting (`prettier --check` in `npm run lint`), so eslint-config-prettier comes last.
 */
export default defineConfig(
  { ignores: ['dist/', 'dist-bench/', 'bench/results/', 'coverage/', '.data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Files import-x follows (its default is JS only).
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      // TS ESM sources import siblings as `./x.js`; resolve those to the `.ts` file, or no cycle is ever seen.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
    rules: {
      // Packages cannot import our sources back, so cycles are only looked for in our own files.
      'import-x/no-cycle': ['error', { maxDepth: Infinity, ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          varsIgnorePattern: '^_',
          argsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      // Node's globals that the plain JS files use (TS files leave undefined names to the compiler).
      globals: Object.fromEntries(
        ['AbortSignal', 'URL', 'clearTimeout', 'console', 'fetch', 'process', 'setTimeout'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // CommonJS files (Jest's resolver and its stand-ins): CommonJS globals and require().
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(['module', 'require', '__dirname', 'globalThis'].map((name) => [name, 'readonly'])),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The admin pages' own script runs in the browser, as a classic script.
    files: ['src/modules/admin-ui/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'FormData', 'URLSearchParams', 'HTMLFormElement', 'HTMLSelectElement', 'Element', 'fetch'].map((name) => [
          name,
          'readonly',
        ]),
      ),
    },
  },
  eslintConfigPrettier,
);
