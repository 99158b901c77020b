// Lint of the TypeScript tree; above all it holds the layers the README draws:
// webview -> client -> server -> core, protocol = core types for every side, src/node = node-only
// helpers below cli / server / serve / client, src/shared = what the client and the webview share.
// Each folder lists the import paths it may not use (no-restricted-imports, matched on the path text).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One restricted-import pattern: a regular expression over the import path and why it is refused. */
const layer = (regex, message) => ({ regex, message });

const toServer = layer(
  '(^|/)server(/|$)',
  'the language server is a process of its own: share through src/protocol.ts, src/node or core',
);
const toClient = layer('(^|/)(client|extension)(/|$)', 'the VS Code client sits above this layer');
const toWebview = layer('(^|/)webview(/|$)', 'the webview is a browser bundle: share through src/shared');
const toCli = layer('(^|/)cli(/|$)', 'the CLI is a front end, nothing imports it');
const toServe = layer('(^|/)serve(/|$)', 'relax serve is a front end of its own');
const toNode = layer('(^|/)node(/|$)', 'src/node touches the file system: core and the browser stay pure');
const toProtocol = layer(
  '(^|/)protocol$',
  'core is below the protocol; the protocol re-exports core types, not the reverse',
);
const toShared = layer('(^|/)shared(/|$)', 'src/shared is for the client and the webview');
const toVscode = layer(
  '^vscode(-languageclient|-languageserver[^/]*)?(/|$)',
  'only the client talks to VS Code; only the server to the LSP connection',
);
const toNodeBuiltins = layer(
  '^(node:)?(fs|fs/promises|zlib|worker_threads|child_process|net|http|https)$',
  'core is pure: file, zlib, thread and network access live in src/node and the front ends',
);
const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      '.vscode-test/**',
      'test/e2e/**',
      'test/vscode/**',
      'python/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // The parser's hot loops use `do { ... } while (false)` as a breakable block on purpose.
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Test fixtures build triplets with comma expressions and fakes capture `this`; neither reaches the product.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-this-alias': 'off' },
  },
  restrict(
    ['src/core/**/*.ts'],
    [toServer, toClient, toWebview, toCli, toServe, toNode, toProtocol, toShared, toVscode, toNodeBuiltins],
  ),
  restrict(
    ['src/protocol.ts'],
    [
      toServer,
      toClient,
      toWebview,
      toCli,
      toServe,
      toNode,
      toShared,
      layer('^vscode(-languageclient|-languageserver)', 'the protocol is shared by both ends: vscode-jsonrpc only'),
    ],
  ),
  restrict(['src/shared/**/*.ts'], [toServer, toClient, toWebview, toCli, toServe, toNode, toVscode, toNodeBuiltins]),
  restrict(['src/node/**/*.ts'], [toServer, toClient, toWebview, toCli, toServe, toShared, toVscode]),
  restrict(
    ['src/server/**/*.ts'],
    [
      toClient,
      toWebview,
      toCli,
      toServe,
      toShared,
      layer('^vscode(-languageclient)?(/|$)', 'the server never imports the VS Code API'),
    ],
  ),
  restrict(['src/client/**/*.ts', 'src/extension.ts'], [toServer, toWebview, toCli, toServe]),
  restrict(['src/cli/**/*.ts'], [toServer, toClient, toWebview, toShared, toVscode]),
  restrict(['src/serve/**/*.ts'], [toServer, toClient, toWebview, toCli, toShared, toVscode]),
  restrict(
    ['webview/**/*.ts'],
    [
      layer('(^|/)src/(?!protocol$|shared/)', 'the webview imports only webview/, src/shared and the protocol types'),
      toVscode,
      toNodeBuiltins,
    ],
  ),
);
