/**
 * A JSON document read a piece at a time, for files too large to hold whole (a review of 100,000 users is 254 MB):
 * the members of its top-level object are handed over one by one, and a member that is an array one element at a
 * time, each parsed on its own by JSON.parse. The walker itself only finds where keys, values and elements begin
 * and end (strings, brackets, commas, colons); JSON.parse checks each of them, so a document is taken exactly when
 * JSON.parse would take it. At most one piece and one value are held at a time.
 */

/** What the walker hands over; any call may return false to stop the walk there. */
export interface JsonWalkVisitor {
  /** A member whose value is not an array. */
  readonly member: (key: string, value: unknown) => boolean;
  /** A member whose value is an array: its elements follow. */
  readonly array: (key: string) => boolean;
  /** The next element of the array member `key`. */
  readonly element: (key: string, value: unknown, index: number) => boolean;
}

/** Why a walk ended early: not JSON, not an object, or a value longer than allowed (a member's key and index). */
export type JsonWalkProblem = { readonly kind: 'not-json' } | { readonly kind: 'not-object' } | { readonly kind: 'too-large'; readonly key: string | null; readonly index: number | null };

/** A walk under way: write each piece of the text in order, then end. */
export interface JsonWalk {
  /** Takes the next piece; false once the walk is over (a problem, or the visitor stopped it). */
  readonly write: (text: string) => boolean;
  /** The end of the text: null when the document was whole (or the visitor stopped it), else why not. */
  readonly end: () => JsonWalkProblem | null;
}

const enum At {
  Root,
  Key,
  FirstKey,
  Colon,
  Value,
  AfterMember,
  Element,
  FirstElement,
  AfterElement,
  After,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const endsScalar = (c: number): boolean => isSpace(c) || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE;

/** Starts a walk; no key, value or element may be longer than `maxValueChars`. */
export function walkJson(visitor: JsonWalkVisitor, maxValueChars: number): JsonWalk {
  let text = '';
  let i = 0;
  let at = At.Root;
  let key = '';
  let index = 0;
  let problem: JsonWalkProblem | null = null;
  let stopped = false;
  let opened = false;
  // The value being scanned: where it starts (-1: none), its kind, its depth of brackets, whether inside a string.
  let start = -1;
  let kind: 'string' | 'nested' | 'scalar' = 'scalar';
  let depth = 0;
  let inString = false;
  let target: 'root' | 'key' | 'member' | 'element' = 'root';

  const fail = (p: JsonWalkProblem): false => {
    problem = p;
    return false;
  };
  const stop = (): false => {
    stopped = true;
    return false;
  };

  /** Scans the current value on from `i`; true once it is whole (text[start, i) holds it). */
  function scan(ending: boolean): boolean {
    const n = text.length;
    if (kind === 'scalar') {
      while (i < n && !endsScalar(text.charCodeAt(i))) i += 1;
      return i < n || ending;
    }
    while (i < n) {
      if (inString) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        let b = q - 1;
        while (text.charCodeAt(b) === BACKSLASH) b -= 1;
        i = q + 1;
        if ((q - 1 - b) % 2 === 0) {
          inString = false;
          if (kind === 'string') return true;
        }
        continue;
      }
      const c = text.charCodeAt(i);
      i += 1;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return true;
    }
    return false;
  }

  function begin(c: number, to: typeof target): void {
    start = i;
    target = to;
    inString = c === QUOTE;
    kind = inString ? 'string' : c === OPEN_BRACE || c === OPEN_BRACKET ? 'nested' : 'scalar';
    depth = kind === 'nested' ? 1 : 0;
    i += 1;
  }

  /** Parses the whole value and hands it over; false when the walk ends here. */
  function finish(): boolean {
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, i));
    } catch {
      return fail({ kind: 'not-json' });
    }
    start = -1;
    switch (target) {
      case 'root':
        at = At.After;
        return fail({ kind: 'not-object' });
      case 'key':
        key = value as string;
        at = At.Colon;
        return true;
      case 'member':
        at = At.AfterMember;
        return visitor.member(key, value) || stop();
      case 'element':
        at = At.AfterElement;
        index += 1;
        return visitor.element(key, value, index - 1) || stop();
    }
  }

  /** Goes as far as the text allows; false when the walk is over. */
  function run(ending: boolean): boolean {
    for (;;) {
      if (start >= 0) {
        const whole = scan(ending);
        if (i - start > maxValueChars) return fail({ kind: 'too-large', key: target === 'member' || target === 'element' ? key : null, index: target === 'element' ? index : null });
        if (!whole) return ending ? fail({ kind: 'not-json' }) : true;
        if (!finish()) return false;
        continue;
      }
      while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
      if (i === text.length) return ending && at !== At.After ? fail({ kind: 'not-json' }) : true;
      const c = text.charCodeAt(i);
      switch (at) {
        case At.Root:
          if (c === OPEN_BRACE) {
            i += 1;
            at = At.FirstKey;
          } else begin(c, 'root');
          break;
        case At.FirstKey:
        case At.Key:
          if (c === QUOTE) begin(c, 'key');
          else if (c === CLOSE_BRACE && at === At.FirstKey) {
            i += 1;
            at = At.After;
          } else return fail({ kind: 'not-json' });
          break;
        case At.Colon:
          if (c !== COLON) return fail({ kind: 'not-json' });
          i += 1;
          at = At.Value;
          break;
        case At.Value:
          if (c === OPEN_BRACKET) {
            i += 1;
            at = At.FirstElement;
            index = 0;
            if (!visitor.array(key)) return stop();
          } else begin(c, 'member');
          break;
        case At.AfterMember:
          if (c !== COMMA && c !== CLOSE_BRACE) return fail({ kind: 'not-json' });
          i += 1;
          at = c === COMMA ? At.Key : At.After;
          break;
        case At.FirstElement:
        case At.Element:
          if (c === CLOSE_BRACKET && at === At.FirstElement) {
            i += 1;
            at = At.AfterMember;
          } else begin(c, 'element');
          break;
        case At.AfterElement:
          if (c !== COMMA && c !== CLOSE_BRACKET) return fail({ kind: 'not-json' });
          i += 1;
          at = c === COMMA ? At.Element : At.AfterMember;
          break;
        case At.After:
          return fail({ kind: 'not-json' });
      }
    }
  }

  const over = (): boolean => problem !== null || stopped;
  return {
    write: (piece) => {
      if (over()) return false;
      // Keep only the value under way (or nothing), then add the piece; a byte order mark may open the text.
      const keep = start >= 0 ? start : i;
      text = text.slice(keep) + (!opened && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece);
      opened ||= piece.length > 0;
      i -= keep;
      if (start >= 0) start = 0;
      return run(false);
    },
    end: () => {
      if (!over()) run(true);
      return stopped ? null : problem;
    },
  };
}
