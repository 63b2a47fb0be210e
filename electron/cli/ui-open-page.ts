/**
 * The page `keyscope ui` hands the browser instead of its URL, as Jupyter does: a file only this user can read that
 * sends the browser on to the tokened URL. An opener's (and the browser's) command line is readable by every local
 * user (/proc/PID/cmdline, ps), so the token must never be on one; a file:// path to a 0600 file in a 0700 folder
 * gives nothing away. See https://github.com/jupyter/notebook/pull/3638 (the redirect file and why).
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, lstatSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFileError, errnoName } from '../core/errno-name.js';
import { STALE_TEMP_MS, sweepMatching } from '../core/vault/atomic-file.js';
import { causeOnly } from '../core/vault/store-problem.js';
import { folderRefusal } from '../core/vault/store-owner.js';

/** The folder for these pages, inside keyscope's own folder (the store's). */
export const OPEN_PAGE_FOLDER = 'ui-open';

/** A written page: its file:// URL for the opener, and how to remove it (again harmlessly). */
export interface OpenPage {
  readonly fileUrl: string;
  readonly file: string;
  remove(): void;
}

/** The file system calls this needs; tests pass one that fails as a full disk does. */
export interface OpenPageFs {
  readonly writeSync: (fd: number, data: string) => number;
}

const OLD_PAGE = /^open-[0-9a-f]{24}\.html$/;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The redirecting page: meta refresh and location.replace, under a policy that allows that one script only. */
export function openPageHtml(url: string): string {
  // JSON with '<' escaped cannot end the script element.
  const script = `location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')});`;
  const hash = createHash('sha256').update(script).digest('base64');
  const csp = `default-src 'none'; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
  const href = escapeHtml(url);
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>keyscope</title>',
    `<script>${script}</script>`,
    `</head><body><p><a href="${href}">Open keyscope</a></p></body></html>`,
    '',
  ].join('\n');
}

/** Why the folder may not hold the page (in words that finish "browser not opened: …"), or null if it may. */
function unsafeFolder(dir: string): string | null {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) return `${dir} is a symbolic link, and keyscope writes the page that opens the browser only in a folder of its own: remove the link`;
  if (!st.isDirectory()) return `${dir} is not a folder: remove it`;
  // Windows has no owner ids or mode bits here; the folder lies in the user's own profile.
  if (process.platform === 'win32' || !process.getuid) return null;
  if (st.uid !== process.getuid()) return `${dir} belongs to another user (uid ${st.uid}): remove it`;
  if ((st.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  return null;
}

/**
 * Writes the page that redirects to `url` into `home`/ui-open (made 0700, and made so again if it was looser), as a
 * new 0600 file that no link can stand in for. Returns the page, or why it could not be written.
 */
export function writeOpenPage(home: string, url: string, fs: OpenPageFs = { writeSync }): { ok: true; page: OpenPage } | { ok: false; reason: string } {
  const dir = join(home, OPEN_PAGE_FOLDER);
  // A KEYSCOPE_HOME the store refuses (store-owner.ts): from it, or a folder above it, another user could swap the
  // page's folder for their own between the look below and the write, and have the browser open their page.
  const refused = folderRefusal(home);
  if (refused) return { ok: false, reason: `the page that opens the app was not written: ${causeOnly(refused.detail).replace(/\.$/, '')}` };
  let file: string | undefined;
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    try {
      // Not recursive: whatever already stands at the name (a link, a file) is judged below, never followed.
      mkdirSync(dir, 0o700);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const unsafe = unsafeFolder(dir);
    if (unsafe) return { ok: false, reason: unsafe };
    // Pages of a keyscope ui that was killed (each is removed within a minute otherwise); their tokens died with it.
    sweepMatching(dir, OLD_PAGE, STALE_TEMP_MS);
    file = join(dir, `open-${randomBytes(12).toString('hex')}.html`);
    // O_EXCL refuses a name that exists, a link included; O_NOFOLLOW is there too where the system has it.
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      const html = openPageHtml(url);
      // A short write leaves a page that redirects nowhere: taken as the full disk it almost always is.
      if (fs.writeSync(fd, html) !== Buffer.byteLength(html)) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (file) rmSync(file, { force: true });
    return { ok: false, reason: `could not write the page that opens the app in ${dir} (${describeFileError(errnoName(e), 'write', dir)})` };
  }
  const written = file;
  return { ok: true, page: { file: written, fileUrl: pathToFileURL(written).href, remove: () => rmSync(written, { force: true }) } };
}
