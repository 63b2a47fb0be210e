/**
 * The IPC contract: every channel once, with its request and response types, and the events main sends. The
 * preload exposes one named function per channel (the names are API_NAMES in api-names.ts, which also types the
 * renderer's API), electron/main/ipc.ts binds a handler to each, electron/handlers/requests.ts parses each request,
 * and the e2e harness serves the same handlers over loopback HTTP. Responses are Result values; no response ever
 * holds a saved secret. The types they carry are in model.ts.
 */
import type { Failure } from './failure.js';
import type { AppCommandView } from './shortcuts.js';
import type {
  BulkDoneView,
  BulkProgressView,
  BulkSaveView,
  BulkStartView,
  BulkWaitingView,
  CheckView,
  CopyFormat,
  ImportPreviewView,
  ImportResultView,
  KeyAnalysisView,
  KeyTypeView,
  ProfileDetailView,
  ProfileRowView,
  ProfileView,
  RecheckDoneView,
  RecheckProgressView,
  TempCredsView,
  UnsavedCheckView,
} from './model.js';
import type {
  FindingsPageView,
  FindingsQueryView,
  ImportedReportView,
  MuteScopeView,
  ProfileFindingsView,
  ReportFormatView,
  ReviewDoneView,
  ReviewExportView,
  ReviewFindingView,
  ReviewMutedView,
  ReviewProgressView,
  ReviewRunRequest,
  ReviewSourcesView,
} from './review-model.js';
import type { Result } from './result.js';
import type { Sparse } from './sparse.js';

/**
 * A person's consent, after a confirmation, to sign with a key of a canary-token account (which alerts whoever
 * planted it). Absent or false: such a key is refused and nothing is sent.
 */
export interface CanaryConsent {
  readonly allowCanary?: boolean;
}

/**
 * What an STS tool signs with: a saved profile, or a credential pasted into the tool and held in main under a handle
 * (creds:hold), so its secret crosses once.
 */
export type Signer = { readonly profileId: string } | { readonly credentialHandle: string };

/** Request and response of every channel. */
export interface Contract {
  'keys:inspect': { req: { keyId: string }; res: KeyAnalysisView };
  'creds:check': { req: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string } & CanaryConsent; res: UnsavedCheckView };
  /**
   * In name order (shared/name-order.ts): the app shows it as it comes for "Sort by name". Each row without its null
   * members (shared/sparse.ts; the page puts them back).
   */
  'profiles:list': { req: Record<string, never>; res: readonly Sparse<ProfileRowView>[] };
  'profiles:get': { req: { id: string }; res: ProfileDetailView };
  'profiles:add': { req: { name: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string; region?: string; notes?: string; checkId?: string }; res: ProfileView };
  /** A new key for a profile (rotation, a typo): same name, notes and history, the profile's id changes; checked at once. */
  'profiles:set-key': { req: { id: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string }; res: { readonly profile: ProfileView; readonly warning: string | null; readonly check: CheckView } };
  'profiles:rename': { req: { id: string; name: string }; res: ProfileView };
  /** `warning`: the keychain entry names another store (this profiles.json a copy of its), so it was left there. */
  'profiles:remove': { req: { id: string }; res: { readonly name: string; readonly warning: string | null } };
  /** Sets a profile's notes; empty text removes them. */
  'profiles:set-notes': { req: { id: string; notes: string }; res: ProfileRowView };
  /** The whole key id of a saved profile, on request (the list masks it; key ids are not secret). */
  'profiles:key-id': { req: { id: string }; res: { readonly accessKeyId: string } };
  /** Holds a pasted credential in main for the STS tools to sign with; its secret is never sent back. */
  'creds:hold': { req: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; res: { readonly credentialHandle: string; readonly maskedKeyId: string; readonly keyType: KeyTypeView } };
  /** Reads pasted pairs or an accessKeys.csv, holds them in main and checks them; results come as bulk:progress. */
  'bulk:start': { req: { text: string }; res: BulkStartView };
  'bulk:cancel': { req: { jobId: string }; res: { readonly cancelled: boolean } };
  /** Saves the rows given a name (one name per row, empty for a row not to save), from the pairs main holds. */
  'bulk:save': { req: { jobId: string; names: readonly string[] }; res: BulkSaveView };
  'profiles:verify': { req: { id: string } & CanaryConsent; res: CheckView };
  'profiles:recheck': { req: { ids?: readonly string[]; all?: boolean } & CanaryConsent; res: { readonly jobId: string; readonly total: number } };
  'profiles:recheck-cancel': { req: { jobId: string }; res: { readonly cancelled: boolean } };
  'import:preview': { req: Record<string, never>; res: ImportPreviewView };
  'import:run': { req: { names: readonly string[]; previewId: string }; res: ImportResultView };
  'sts:assume-role': {
    req: Signer & { roleArn: string; sessionName: string; durationSeconds?: number; externalId?: string; serialNumber?: string; tokenCode?: string; policy?: string } & CanaryConsent;
    res: TempCredsView;
  };
  'sts:session-token': { req: Signer & { durationSeconds?: number; serialNumber?: string; tokenCode?: string } & CanaryConsent; res: TempCredsView };
  'sts:federation-token': { req: Signer & { name: string; durationSeconds?: number; policy?: string } & CanaryConsent; res: TempCredsView };
  'sts:web-identity': { req: { roleArn: string; sessionName: string; token: string; providerId?: string; durationSeconds?: number }; res: TempCredsView };
  'sts:saml': { req: { roleArn: string; principalArn: string; assertion: string; durationSeconds?: number }; res: TempCredsView };
  'sts:decode': { req: Signer & { encodedMessage: string } & CanaryConsent; res: { readonly decoded: unknown; readonly raw: string; readonly shownAsText?: string } };
  'sts:access-key-info': { req: Signer & { accessKeyId: string } & CanaryConsent; res: { readonly account: string } };
  'temp:reveal': { req: { handle: string }; res: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken: string } };
  'temp:copy': { req: { handle: string; format: CopyFormat }; res: { readonly text: string } };
  'temp:save': { req: { handle: string; name: string }; res: ProfileView };
  'review:sources': { req: Record<string, never>; res: ReviewSourcesView };
  /** The desktop app: main's open dialog, the file read in main. Null when the dialog was cancelled. */
  'review:open-report': { req: Record<string, never>; res: ImportedReportView | null };
  /** A browser: the page sends the file it was given (at most 20 MiB). */
  'review:import-report': { req: { name: string; text: string }; res: ImportedReportView };
  /** Starts a review; progress and the result come as review:progress and review:done. */
  'review:run': { req: ReviewRunRequest; res: { readonly jobId: string } };
  /** A page of a held review's findings, filtered and sorted over all of them. */
  'review:findings': { req: FindingsQueryView; res: FindingsPageView };
  /** One finding of a held review (its page). */
  'review:finding': { req: { reviewId: string; findingId: string }; res: ReviewFindingView };
  'review:mute': { req: { reviewId: string; findingId: string; scope: MuteScopeView; reason: string; expires?: string }; res: ReviewMutedView };
  'review:export': { req: { reviewId: string; format: ReportFormatView; unmask?: boolean }; res: ReviewExportView };
  'review:profile-findings': { req: Record<string, never>; res: ProfileFindingsView };
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
  'profiles:set-notes',
  'profiles:key-id',
  'creds:hold',
  'bulk:start',
  'bulk:cancel',
  'bulk:save',
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
  'review:sources',
  'review:open-report',
  'review:import-report',
  'review:run',
  'review:findings',
  'review:finding',
  'review:mute',
  'review:export',
  'review:profile-findings',
] as const satisfies readonly Channel[];

/**
 * `keyscope ui` only: the page's events socket opened again after the server had given the page up, having had no
 * socket from it for longer than it keeps what a page missed (a tab asleep, a connection down). What was sent
 * meanwhile is lost, and the bulk checks the page had started were cancelled once it was taken as closed. The page
 * raises it too when it has had no socket for that long (keyscope ui stopped, or cannot be reached).
 */
export interface EventsLostView {
  /** How long the server keeps what a page without a socket missed: the page was away for longer. */
  readonly keptMs: number;
  /** 'keyscope': the server said so when the page came back; 'page': the page has had no socket for that long. */
  readonly by: 'keyscope' | 'page';
}

/**
 * `keyscope ui` only: the page's events socket opened again after more events came while it had none than the
 * server keeps for a page: of those, only the first `kept` and the ends of jobs (…:done) follow. A job's end still
 * says how much it did; the results between did not reach the page.
 */
export interface EventsDroppedView {
  /** How many events the server keeps for a page without a socket, beyond the ends of jobs. */
  readonly kept: number;
  /** The jobs whose events were dropped: only a page following one of them lost anything. */
  readonly jobIds: readonly string[];
}

/** Events main sends to the renderer. */
export interface Events {
  'recheck:progress': RecheckProgressView;
  'recheck:done': RecheckDoneView;
  'review:progress': ReviewProgressView;
  'review:done': ReviewDoneView;
  'bulk:progress': BulkProgressView;
  /** A row whose check waits: its key id was just checked. */
  'bulk:waiting': BulkWaitingView;
  'bulk:done': BulkDoneView;
  /** A menu item of the desktop app, for the page to run as its keyboard shortcut does. */
  'app:command': AppCommandView;
  'app:events-lost': EventsLostView;
  'app:events-dropped': EventsDroppedView;
}
export type EventChannel = keyof Events;
export const EVENT_CHANNELS = ['recheck:progress', 'recheck:done', 'review:progress', 'review:done', 'bulk:progress', 'bulk:waiting', 'bulk:done', 'app:command', 'app:events-lost', 'app:events-dropped'] as const satisfies readonly EventChannel[];

// Compile-time check that CHANNELS names every channel of the contract.
type MissingChannel = Exclude<Channel, (typeof CHANNELS)[number]>;
export const CHANNELS_COMPLETE: [MissingChannel] extends [never] ? true : never = true;
