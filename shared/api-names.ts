/**
 * The renderer gets named functions, not IPC (STYLE.md): each contract channel's function name on `window.keyscope`,
 * written once. The preload builds its API from this map, the e2e harness's stand-in for the preload builds the same
 * one, and the renderer's type of the API is derived from it. Pure data and types: no Node, no Electron.
 */
import type { Channel, EventChannel, Events, Request, Response } from './contract.js';

/** Each channel's function name on the preload's API. */
export const API_NAMES = {
  'keys:inspect': 'inspectKey',
  'creds:check': 'checkCredential',
  'profiles:list': 'listProfiles',
  'profiles:get': 'getProfile',
  'profiles:add': 'addProfile',
  'profiles:rename': 'renameProfile',
  'profiles:remove': 'removeProfile',
  'profiles:set-notes': 'setProfileNotes',
  'profiles:key-id': 'getProfileKeyId',
  'creds:hold': 'holdCredential',
  'bulk:start': 'startBulkCheck',
  'bulk:cancel': 'cancelBulkCheck',
  'bulk:save': 'saveBulkCheck',
  'profiles:set-key': 'setProfileKey',
  'profiles:verify': 'verifyProfile',
  'profiles:recheck': 'recheckProfiles',
  'profiles:recheck-cancel': 'cancelRecheck',
  'import:preview': 'previewImport',
  'import:run': 'runImport',
  'sts:assume-role': 'assumeRole',
  'sts:session-token': 'getSessionToken',
  'sts:federation-token': 'getFederationToken',
  'sts:web-identity': 'assumeRoleWithWebIdentity',
  'sts:saml': 'assumeRoleWithSaml',
  'sts:decode': 'decodeAuthorizationMessage',
  'sts:access-key-info': 'getAccessKeyInfo',
  'temp:reveal': 'revealTemporaryCredentials',
  'temp:copy': 'copyTemporaryCredentials',
  'temp:save': 'saveTemporaryCredentials',
  'review:sources': 'reviewSources',
  'review:open-report': 'openCredentialReport',
  'review:import-report': 'importCredentialReport',
  'review:run': 'runReview',
  'review:findings': 'reviewFindings',
  'review:finding': 'reviewFinding',
  'review:mute': 'muteFinding',
  'review:export': 'exportReview',
  'review:profile-findings': 'profileFindings',
} as const satisfies { readonly [C in Channel]: string };

/**
 * The app's first questions, asked by the preload (and the browser's stand-in) with an empty request as soon as it
 * runs, while the app's own script loads: the answer goes to the first call that asks the same; later calls ask again.
 */
export const EARLY_CHANNELS = ['profiles:list', 'review:profile-findings'] as const satisfies readonly Channel[];

/** A function name on the preload's API. */
export type ApiName = (typeof API_NAMES)[Channel];

/** The API the preload exposes as `window.keyscope`: one named function per channel, and event subscription. */
export type KeyscopeApi = { readonly [C in Channel as (typeof API_NAMES)[C]]: (req: Request<C>) => Promise<Response<C>> } & {
  readonly on: <E extends EventChannel>(event: E, listener: (payload: Events[E]) => void) => () => void;
};
