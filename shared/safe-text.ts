/**
 * Text from outside keyscope (an endpoint's answer, a file, a name someone chose) made safe to show: control and bidi
 * characters written as visible escapes, in the command line's text and tables, the review's Markdown and CSV, and
 * the app's page; in JSON, the ones JSON.stringify leaves raw written as \u escapes. In shared/, as the page shows
 * such text as the command line does.
 */

// C0 controls, DEL and C1 controls (escape sequences, line breaks, tabs that forge columns) and the bidi controls
// that reorder what a terminal or a page shows (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex -- these control characters are what must be caught
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same but for tabs, line feeds and the CR of a CRLF: text shown on lines of its own keeps its layout.
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
// JSON.stringify escapes C0 itself; these it leaves raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => (c.codePointAt(0) ?? 0).toString(16).padStart(width, '0');
const visible = (c: string) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);

/**
 * Makes text a server or a file sent safe to print on a terminal or show in a page: control and bidi characters
 * become visible escapes (`\x1b`, `\x0a`, `\u202e`). Use it on every value in text and table output.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** escapeControls for text shown on its lines (a <pre>): tabs and line breaks are kept, every other escaped. */
export function escapeControlsKeepingLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, visible);
}

/** JSON with the characters JSON.stringify leaves raw but a terminal acts on (C1, bidi) written as \u escapes. */
export function safeJson(value: unknown, indent = 4): string {
  // Outside strings JSON holds only punctuation and spaces, so every match is inside a string, where \u is valid.
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
