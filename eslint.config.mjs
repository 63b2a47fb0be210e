// Lint rules that hold the architecture: the core never imports 'electron', and each unstable dependency has
// exactly one importer (DESIGN.md, STYLE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ONLY_IMPORTER = {
  '@smithy/signature-v4': 'electron/core/aws/sign.ts',
  'fast-xml-parser': 'electron/core/aws/xml.ts',
  '@napi-rs/keyring': 'electron/core/vault/keychain-store.ts',
  '@homebridge/dbus-native': 'electron/core/vault/legacy-keychain.ts',
};
const ELECTRON_ALLOWED = ['electron/main/**/*.ts', 'electron/preload/**/*.ts'];
// The two thin wrappers around Electron's IPC; everything else goes through shared/contract.ts (STYLE.md).
const IPC_ALLOWED = ['electron/main/index.ts', 'electron/preload/index.ts'];

function restricted({ electron, except, ipc = false }) {
  const paths = Object.entries(ONLY_IMPORTER)
    .filter(([name]) => name !== except)
    .map(([name, file]) => ({ name, message: `Only ${file} imports ${name}: call it through that module.` }));
  if (electron) paths.push({ name: 'electron', message: 'The core, CLI and shared code are plain Node: no electron import (DESIGN.md).' });
  else if (!ipc) paths.push({ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only electron/main/index.ts and electron/preload/index.ts touch IPC; use shared/contract.ts.' });
  return ['error', { paths }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      'no-restricted-imports': restricted({ electron: true }),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ELECTRON_ALLOWED, rules: { 'no-restricted-imports': restricted({ electron: false }) } },
  { files: IPC_ALLOWED, rules: { 'no-restricted-imports': restricted({ electron: false, ipc: true }) } },
  ...Object.entries(ONLY_IMPORTER).map(([name, file]) => ({ files: [file], rules: { 'no-restricted-imports': restricted({ electron: true, except: name }) } })),
  // Playwright fixtures declare their dependencies with object patterns, empty ones included.
  { files: ['e2e/specs/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', require: 'readonly', console: 'readonly', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
