/**
 * The app:// protocol as plain functions: which file a URL names, and the response for it. The renderer is served
 * from its own origin, not file:// (a file: origin would let 'self' mean any local file), and nothing outside the
 * renderer's folder is ever read: not through `..`, escaped `%2e%2e%2f`, absolute paths, nor symlinks leading out.
 */
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'keyscope';
/** The one page keyscope's window shows, and the only sender its IPC answers. */
export const APP_PAGE = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The scheme's privileges: standard (relative URLs, an origin of its own) and secure (like https). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true } as const;

/** The page's policy, sent only as a header (the page has no meta policy), where frame-ancestors also applies. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

/** What says the page is missing from `root` (a checkout run before `npm run build`), and what to do; null when it is there. */
export function pageNotBuilt(root: string): { readonly message: string; readonly hint: string } | null {
  const page = join(root, 'index.html');
  return existsSync(page) ? null : { message: `keyscope's page is not built (${page} is missing).`, hint: 'run `npm run build` in the keyscope folder first.' };
}

/** The content types the renderer's files need; anything else is served as opaque bytes. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.txt': 'text/plain' };

/** The content type for a file name. */
export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
}

/** The file an app:// URL names inside `root`, or null when it names none there (another host, a path out of root). */
export function appPath(root: string, url: string): string | null {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    // Decoded after parsing: an escaped slash or dot (`..%2f`) must not slip past the URL parser's own `..` handling.
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || path.includes('\0')) return null;
  const file = join(root, path);
  return file.startsWith(root + sep) ? file : null;
}

/** What every app:// response carries, whatever it holds: no sniffing, and the policy (a 404 is a document too). */
const HEADERS = { 'x-content-type-options': 'nosniff', 'content-security-policy': CONTENT_SECURITY_POLICY } as const;

const notFound = (): Response => new Response('not found', { status: 404, headers: { ...HEADERS, 'content-type': 'text/plain' } });

/** The response to an app:// request: the file from `root` with its type, or 404; each with nosniff and the CSP. */
export async function serveAppFile(root: string, url: string): Promise<Response> {
  const file = appPath(root, url);
  if (!file) return notFound();
  try {
    // A symlink inside the folder may point anywhere: the file's real path must be inside the folder's real path.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return notFound();
    const body = await readFile(realFile);
    return new Response(body, {
      headers: { ...HEADERS, 'content-type': contentType(file) },
    });
  } catch {
    // Missing, a folder, unreadable: the renderer asked for something the build does not have.
    return notFound();
  }
}
