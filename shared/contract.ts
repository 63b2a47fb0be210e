/**
 * The IPC contract: every channel once, with its request and response types, and the events main sends. The
 * preload exposes one named function per channel (the names are API_NAMES in api-names.ts, which also types the
 * renderer's API), electron/main/ipc.ts binds a handler to each, electron/handlers/requests.ts parses each request,
 * and the e2e harness serves the same handlers over loopback HTTP. Responses are Result values; no response ever
 * holds a saved secret. The types they carry are in model.ts.
 */
import type { Failure } from './failure.js';
import type {
  CheckView,
  CopyFormat,
  ImportPreviewView,
  ImportResultView,
  KeyAnalysisView,
  ProfileDetailView,
  ProfileView,
  RecheckDoneView,
  RecheckProgressView,
  TempCredsView,
  UnsavedCheckView,
} from './model.js';
import type { Result } from './result.js';

/** Request and response of every channel. */
export interface Contract {
  'keys:inspect': { req: { keyId: string }; res: KeyAnalysisView };
  'creds:check': { req: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string }; res: UnsavedCheckView };
  'profiles:list': { req: Record<string, never>; res: readonly ProfileView[] };
  'profiles:get': { req: { id: string }; res: ProfileDetailView };
  'profiles:add': { req: { name: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string; notes?: string; checkId?: string }; res: ProfileView };
  /** A new key for a profile (rotation, a typo): same name, notes and history, the profile's id changes; checked at once. */
  'profiles:set-key': { req: { id: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string }; res: { readonly profile: ProfileView; readonly warning: string | null; readonly check: CheckView } };
  'profiles:rename': { req: { id: string; name: string }; res: ProfileView };
  'profiles:remove': { req: { id: string }; res: { readonly name: string } };
  'profiles:verify': { req: { id: string }; res: CheckView };
  'profiles:recheck': { req: { ids?: readonly string[]; all?: boolean }; res: { readonly jobId: string; readonly total: number } };
  'profiles:recheck-cancel': { req: { jobId: string }; res: { readonly cancelled: boolean } };
  'import:preview': { req: Record<string, never>; res: ImportPreviewView };
  'import:run': { req: { names: readonly string[] }; res: ImportResultView };
  'sts:assume-role': {
    req: { profileId: string; roleArn: string; sessionName: string; durationSeconds?: number; externalId?: string; serialNumber?: string; tokenCode?: string; policy?: string };
    res: TempCredsView;
  };
  'sts:session-token': { req: { profileId: string; durationSeconds?: number; serialNumber?: string; tokenCode?: string }; res: TempCredsView };
  'sts:federation-token': { req: { profileId: string; name: string; durationSeconds?: number; policy?: string }; res: TempCredsView };
  'sts:web-identity': { req: { roleArn: string; sessionName: string; token: string; providerId?: string; durationSeconds?: number }; res: TempCredsView };
  'sts:saml': { req: { roleArn: string; principalArn: string; assertion: string; durationSeconds?: number }; res: TempCredsView };
  'sts:decode': { req: { profileId: string; encodedMessage: string }; res: { readonly decoded: unknown; readonly raw: string } };
  'sts:access-key-info': { req: { profileId: string; accessKeyId: string }; res: { readonly account: string } };
  'temp:reveal': { req: { handle: string }; res: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string } };
  'temp:copy': { req: { handle: string; format: CopyFormat }; res: { readonly text: string } };
  'temp:save': { req: { handle: string; name: string }; res: ProfileView };
}

export type Channel = keyof Contract;
export type Request<C extends Channel> = Contract[C]['req'];
export type Response<C extends Channel> = Result<Contract[C]['res'], Failure>;

/** Every request channel, once: the preload exposes exactly these. */
export const CHANNELS = [
  'keys:inspect',
  'creds:check',
  'profiles:list',
  'profiles:get',
  'profiles:add',
  'profiles:rename',
  'profiles:remove',
  'profiles:set-key',
  'profiles:verify',
  'profiles:recheck',
  'profiles:recheck-cancel',
  'import:preview',
  'import:run',
  'sts:assume-role',
  'sts:session-token',
  'sts:federation-token',
  'sts:web-identity',
  'sts:saml',
  'sts:decode',
  'sts:access-key-info',
  'temp:reveal',
  'temp:copy',
  'temp:save',
] as const satisfies readonly Channel[];

/** Events main sends to the renderer. */
export interface Events {
  'recheck:progress': RecheckProgressView;
  'recheck:done': RecheckDoneView;
}
export type EventChannel = keyof Events;
export const EVENT_CHANNELS = ['recheck:progress', 'recheck:done'] as const satisfies readonly EventChannel[];

// Compile-time check that CHANNELS names every channel of the contract.
type MissingChannel = Exclude<Channel, (typeof CHANNELS)[number]>;
export const CHANNELS_COMPLETE: [MissingChannel] extends [never] ? true : never = true;
