/**
 * The bulk check's views: many key id / secret pairs pasted or dropped (the console's accessKeys.csv), held in main
 * under a job id, checked one by one with results as they come, and the ticked ones saved. Never a secret.
 */
import type { CheckView, ErrorView, KeyTypeView, ProfileView } from './model.js';

/**
 * The most a bulk check sends, in bytes as the page sends it (its request as JSON, in UTF-8): what keyscope ui reads of
 * a request (1 MiB, MAX_BODY_BYTES in request-guard.ts), in Electron too, so both take the same lists. A character
 * outside ASCII takes 2 to 4 bytes, a quote, backslash or line break 2 (its JSON escape).
 */
export const BULK_MAX_BYTES = 1024 * 1024;

/** One pair as read from what was pasted: where it was, its key id masked, and why it will not be checked, if so. */
export interface BulkRowView {
  readonly index: number;
  /** The line of the pasted text or file (1-based) the pair came from. */
  readonly line: number;
  readonly maskedKeyId: string;
  readonly keyType: KeyTypeView;
  /** A paste mistake or a broken rule (the credential rules' words): this pair is not sent. */
  readonly problem: string | null;
  /** The saved profile that already holds this key id, if one does. */
  readonly savedAs: string | null;
  /** A name to save it under: the file's user name column, else one made from the key id. */
  readonly suggestedName: string;
}

/** What a bulk check read: its job id, the rows, and what in the text was not a pair (by line, never the text). */
export interface BulkStartView {
  readonly jobId: string;
  readonly rows: readonly BulkRowView[];
  /** Lines that held no pair, and why, e.g. "line 4: no secret beside the key id". */
  readonly skipped: readonly string[];
  /** "the console's accessKeys.csv", "the pasted text". */
  readonly readAs: string;
}

/** One result of a bulk check, as it comes. */
export interface BulkProgressView {
  readonly jobId: string;
  readonly index: number;
  readonly done: number;
  readonly total: number;
  readonly report: CheckView;
}

/** A row that waits before its check: its key id was checked within the last 5 s (a key is checked 5 s apart). */
export interface BulkWaitingView {
  readonly jobId: string;
  readonly index: number;
  readonly waitMs: number;
}

/** The end of a bulk check. */
export interface BulkDoneView {
  readonly jobId: string;
  readonly checked: number;
  readonly cancelled: boolean;
}

/** What saving the ticked rows did, row by row. */
export interface BulkSaveView {
  readonly saved: ReadonlyArray<{ readonly index: number; readonly profile: ProfileView }>;
  readonly failed: ReadonlyArray<{ readonly index: number; readonly error: ErrorView }>;
}
