/**
 * What DecodeAuthorizationMessage's answer becomes for the app: the decoded JSON as a tree, or the text itself when it
 * is not JSON or is nested deeper than a tree can be drawn. AWS's messages nest about seven levels; an answer from an
 * endpoint of the user's choosing may nest thousands (up to 1 MiB of "[[[[…"), which no view can draw and which stops
 * a recursive copy or render with "Maximum call stack size exceeded".
 */

/** The deepest nesting drawn as a tree. */
export const MAX_TREE_DEPTH = 64;

export interface DecodedMessageView {
  /** The parsed JSON, or the text when it is not drawn as a tree. */
  readonly decoded: unknown;
  readonly raw: string;
  /** Why the message is shown as text although it is JSON, in words for the page. */
  readonly shownAsText?: string;
}

/** The deepest nesting of arrays and objects in JSON text, not counting brackets inside strings; stops past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** Reads a decoded authorization message for the app. Never throws. */
export function decodedMessageView(raw: string): DecodedMessageView {
  if (jsonDepth(raw, MAX_TREE_DEPTH) > MAX_TREE_DEPTH) {
    return { decoded: raw, raw, shownAsText: `The message is nested more than ${MAX_TREE_DEPTH} levels deep, too deep to draw as a tree, so it is shown as text. AWS's own messages nest far less: check the endpoint that answered.` };
  }
  try {
    return { decoded: JSON.parse(raw) as unknown, raw };
  } catch {
    return { decoded: raw, raw };
  }
}
