// Lint rules that hold the architecture (DESIGN.md, STYLE.md, README "Layout"): the core never imports 'electron';
// each unstable dependency has exactly one importer; and imports go one way between the rooms:
//   renderer -> shared;  main -> handlers -> core -> shared;  cli -> core -> shared;  in the core, use cases
//   (verify, checks, views, review/) -> vault.
// scripts/lint-rules.test.ts shows each rule firing on a file of its own.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ONLY_IMPORTER = {
  '@smithy/signature-v4': 'electron/core/aws/sign.ts',
  'fast-xml-parser': 'electron/core/aws/xml.ts',
  '@napi-rs/keyring': 'electron/core/vault/keychain-store.ts',
  '@homebridge/dbus-native': 'electron/core/vault/secret-service-bus.ts',
  ws: 'electron/browser-ui/event-socket.ts',
};
const ELECTRON_ALLOWED = ['electron/main/**/*.ts', 'electron/preload/**/*.ts'];
// The two thin wrappers around Electron's IPC; everything else goes through shared/contract.ts (STYLE.md).
const IPC_ALLOWED = ['electron/main/index.ts', 'electron/preload/index.ts'];

// Imports are relative, so a room is named by what follows the ../ that leave the importer's folder.
const UP = String.raw`^(\.\./)+`;
const room = (names) => `(${names.join('|')})(/|$)`;
const FORBID = {
  coreToFront: {
    regex: `${UP}(electron/)?${room(['cli', 'handlers', 'main', 'preload'])}|${UP}${room(['renderer'])}`,
    message: 'The core serves both fronts and imports neither: no electron/cli, electron/handlers, electron/main, electron/preload or renderer here. Pass what the core needs in as an argument.',
  },
  coreToContract: {
    regex: String.raw`(^|/)shared/contract(\.[jt]s)?$`,
    message: 'The IPC contract (channels) is the handlers\' business: the core uses the types in shared/model.ts.',
  },
  vaultToUseCase: {
    regex: String.raw`^(\.\./)+(verify|checks|views)(\.[jt]s)?$|^(\.\./)+review(/|$)`,
    message: 'The vault stores and reads; it imports no use case (verify.ts, checks.ts, views.ts, review/): take what it needs as an argument, such as check(profile).',
  },
  handlersToFront: {
    regex: `${UP}(electron/)?${room(['cli', 'main', 'preload'])}|${UP}${room(['renderer'])}`,
    message: 'The handlers import no front: not the CLI, the main process, the preload or the renderer. What both fronts need lives in electron/core.',
  },
  cliToFront: {
    regex: `${UP}(electron/)?${room(['handlers', 'main', 'preload'])}|${UP}${room(['renderer'])}`,
    message: 'The CLI imports no other front: not the handlers, the main process, the preload or the renderer. What both fronts need lives in electron/core.',
  },
  rendererToNode: {
    regex: `${UP}${room(['electron', 'e2e', 'scripts'])}`,
    message: 'The renderer imports only shared/ (and its own files): it reaches main through window.keyscope, never by importing it.',
  },
  sharedToRooms: {
    regex: `${UP}${room(['electron', 'renderer', 'e2e', 'scripts'])}`,
    message: 'shared/ holds types and pure helpers both sides use: it imports nothing outside shared/.',
  },
};

// What each folder may not import; a file gets the lists of every folder it is in (the vault: the core's too).
const ROOMS = [
  { dir: 'electron/core/', forbid: ['coreToFront', 'coreToContract'] },
  { dir: 'electron/core/vault/', forbid: ['vaultToUseCase'] },
  { dir: 'electron/handlers/', forbid: ['handlersToFront'] },
  { dir: 'electron/cli/', forbid: ['cliToFront'] },
  { dir: 'renderer/', forbid: ['rendererToNode'] },
  { dir: 'shared/', forbid: ['sharedToRooms'] },
];
const forbiddenIn = (path) => ROOMS.filter((r) => path.startsWith(r.dir)).flatMap((r) => r.forbid);

// Tests may drive the vault with the real check (recheck.test.ts does).
const ALLOWED_IN = { 'electron/core/vault/**/*.test.ts': ['vaultToUseCase'] };

function restricted({ electron, except, ipc = false, forbid = [] }) {
  const paths = Object.entries(ONLY_IMPORTER)
    .filter(([name]) => name !== except)
    .map(([name, file]) => ({ name, message: `Only ${file} imports ${name}: call it through that module.` }));
  if (electron) paths.push({ name: 'electron', message: 'The core, CLI and shared code are plain Node: no electron import (DESIGN.md).' });
  else if (!ipc) paths.push({ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only electron/main/index.ts and electron/preload/index.ts touch IPC; use shared/contract.ts.' });
  const patterns = forbid.map((key) => FORBID[key]);
  return ['error', patterns.length ? { paths, patterns } : { paths }];
}

const TS = ['**/*.ts', '**/*.mts'];
const tsIn = (dir) => [`${dir}**/*.ts`, `${dir}**/*.tsx`];
const without = (list, dropped) => list.filter((key) => !dropped.includes(key));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: TS,
    rules: {
      'no-restricted-imports': restricted({ electron: true }),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Later entries win: rooms, then the exceptions inside them (each with its room's list).
  ...ROOMS.map((r) => ({ files: tsIn(r.dir), rules: { 'no-restricted-imports': restricted({ electron: true, forbid: forbiddenIn(r.dir) }) } })),
  ...Object.entries(ALLOWED_IN).map(([glob, dropped]) => ({ files: [glob], rules: { 'no-restricted-imports': restricted({ electron: true, forbid: without(forbiddenIn(glob), dropped) }) } })),
  { files: ELECTRON_ALLOWED, rules: { 'no-restricted-imports': restricted({ electron: false }) } },
  { files: IPC_ALLOWED, rules: { 'no-restricted-imports': restricted({ electron: false, ipc: true }) } },
  ...Object.entries(ONLY_IMPORTER).map(([name, file]) => ({ files: [file], rules: { 'no-restricted-imports': restricted({ electron: true, except: name, forbid: forbiddenIn(file) }) } })),
  // Playwright fixtures declare their dependencies with object patterns, empty ones included.
  { files: ['e2e/specs/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', require: 'readonly', console: 'readonly', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
