/**
 * Text from outside keyscope (an endpoint's answer, a file, a name someone chose) made safe to show: control, bidi
 * and invisible characters written as visible escapes, in the command line's text and tables, the review's Markdown and CSV, and
 * the app's page; in JSON, the ones JSON.stringify leaves raw written as \u escapes. In shared/, as the page shows
 * such text as the command line does.
 */

// What a terminal or a page acts on or shows as nothing: controls (Cc: C0, DEL, C1 — escape sequences, line breaks,
// tabs that forge columns), format characters (Cf: the bidi controls that reorder what is shown, zero-width spaces and
// joiners, the word joiner, the byte-order mark, the soft hyphen, the tag characters that spell hidden ASCII) and the
// Hangul fillers, which show as blanks. With one of these, `user/ro\u200Bot` reads as `user/root`.
const UNSAFE = /[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0]/gu;
// The same but for tabs, line feeds and the CR of a CRLF: text shown on lines of its own keeps its layout.
const UNSAFE_IN_LINES = /(?![\t\n\r])[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0]|\r(?!\n)/gu;
// JSON.stringify escapes C0 itself; the others it leaves raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\u115f\u1160\u3164\uffa0]/gu;

// Most text is printable ASCII, which a plain class finds at the speed of a scan (the property classes above took a
// 254 MB review's JSON 0.37 s longer): only text holding something else is searched.
// eslint-disable-next-line no-control-regex -- C0 is what it looks past
const OUTSIDE_ASCII = /[^\u0000-\u007e]/;
const NOT_PRINTABLE_ASCII = /[^\u0020-\u007e]/;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const visible = (c: string) => {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${hex(code, 2)}` : code > 0xffff ? `\\u{${hex(code, 5)}}` : `\\u${hex(code, 4)}`;
};
/** Each UTF-16 unit as a JSON \u escape: a surrogate pair past U+FFFF, which JSON reads back as the one character. */
const jsonEscape = (c: string) => Array.from({ length: c.length }, (_, i) => `\\u${hex(c.charCodeAt(i), 4)}`).join('');

/**
 * Makes text a server or a file sent safe to print on a terminal or show in a page: control, bidi and invisible
 * characters become visible escapes (`\x1b`, `\x0a`, `\u202e`, `\u200b`, `\u{e0041}`). Use it on every value in text
 * and table output.
 */
export function escapeControls(text: string): string {
  return NOT_PRINTABLE_ASCII.test(text) ? text.replace(UNSAFE, visible) : text;
}

/** escapeControls for text shown on its lines (a <pre>): tabs and line breaks are kept, every other escaped. */
export function escapeControlsKeepingLines(text: string): string {
  return NOT_PRINTABLE_ASCII.test(text) ? text.replace(UNSAFE_IN_LINES, visible) : text;
}

/** JSON with the characters JSON.stringify leaves raw but a terminal acts on or shows as nothing (C1, bidi, zero-width) written as \u escapes. */
export function safeJson(value: unknown, indent = 4): string {
  // Outside strings JSON holds only punctuation and spaces, so every match is inside a string, where \u is valid.
  const json = JSON.stringify(value, null, indent);
  // JSON.stringify escapes C0 itself: only text past U+007E can hold what is left.
  return OUTSIDE_ASCII.test(json) ? json.replace(UNSAFE_IN_JSON, jsonEscape) : json;
}
