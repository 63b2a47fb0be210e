/**
 * The hot path's XML reader: the answers every check gets (GetCallerIdentity, GetAccessKeyLastUsed and the error
 * document) read without the generic parser. It accepts only a plain subset of XML and builds exactly the tree
 * fast-xml-parser builds for it (xml.ts's options); anything else — another root, a comment, CDATA, a namespace
 * prefix, an entity other than the five predefined, a carriage return, repeated elements, text beside elements,
 * a tag that does not close as it opened — answers undefined, and xml.ts hands the body to fast-xml-parser.
 * xml-fast.test.ts holds the two to the same result on every sample and on malformed inputs.
 */

/** A parsed element, as in xml.ts (kept here so the two files do not import each other). */
type Node = string | { [name: string]: Node | Node[] | undefined };

/** The roots of the answers a check gets; every other document takes the generic path. */
const ROOTS = new Set(['GetCallerIdentityResponse', 'GetAccessKeyLastUsedResponse', 'ErrorResponse', 'Response']);
/** Bodies larger than this are not one of those answers. */
const MAX_BODY = 16 * 1024;
const MAX_DEPTH = 8;
const NAME = /^[A-Za-z_][\w.-]*$/;
/** What may follow a tag's name before '>': attributes in double quotes without markup or entities (xmlns=…). */
const ATTRIBUTES = /^(?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<>&]*")*\s*$/;
/** Names fast-xml-parser refuses (prototype pollution): the generic path says why. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
/** Whitespace as XML defines it, without the carriage return (the generic parser normalises line ends). */
const BLANK = /^[ \t\n]*$/;
const PROLOG = /^<\?xml(?:\s+[\w:.-]+\s*=\s*(?:"[^"<>&?]*"|'[^'<>&?]*'))*\s*\?>/;

/** Text as fast-xml-parser gives it (the five predefined entities decoded), or undefined if unsure. */
function textOf(raw: string): string | undefined {
  if (raw.includes('>') || raw.includes('\r')) return undefined;
  if (!raw.includes('&')) return raw;
  let unsure = false;
  const decoded = raw.replace(/&[^;]*;?/g, (entity) => {
    const value = ENTITIES[entity];
    if (value === undefined) unsure = true;
    return value ?? entity;
  });
  return unsure ? undefined : decoded;
}

/** One element being read: its name, children, and the text between them. */
interface Open {
  readonly name: string;
  readonly children: Record<string, Node | Node[]>;
  hasChildren: boolean;
  text: string;
}

/** The tree fast-xml-parser would build for `body`, or undefined when the body is not a plain answer of a check. */
export function parseKnownXml(body: string): { [name: string]: Node } | undefined {
  if (body.length > MAX_BODY || body.includes('<!')) return undefined;
  let at = 0;
  const doc: { [name: string]: Node } = {};
  const prolog = PROLOG.exec(body);
  if (prolog) {
    doc['?xml'] = '';
    at = prolog[0].length;
  }
  const stack: Open[] = [];
  let rootDone = false;
  while (at < body.length) {
    const lt = body.indexOf('<', at);
    const raw = body.slice(at, lt === -1 ? body.length : lt);
    if (stack.length === 0) {
      if (!BLANK.test(raw)) return undefined; // text outside the root
    } else {
      const text = textOf(raw);
      if (text === undefined) return undefined;
      (stack[stack.length - 1] as Open).text += text;
    }
    if (lt === -1) break;
    const gt = body.indexOf('>', lt);
    if (gt === -1) return undefined;
    const tag = body.slice(lt + 1, gt);
    at = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trimEnd();
      const open = stack.pop();
      if (!open || open.name !== name) return undefined;
      const value = close(open);
      if (value === undefined) return undefined;
      if (stack.length === 0) {
        doc[name] = value;
        rootDone = true;
      } else if (!add(stack[stack.length - 1] as Open, name, value)) return undefined;
      continue;
    }
    if (rootDone || tag.startsWith('?')) return undefined; // a second root, or a processing instruction
    const selfClosing = tag.endsWith('/');
    const inner = selfClosing ? tag.slice(0, -1) : tag;
    const nameEnd = inner.search(/\s|$/);
    const name = inner.slice(0, nameEnd);
    if (!NAME.test(name) || RESERVED.has(name) || !ATTRIBUTES.test(inner.slice(nameEnd))) return undefined;
    if (stack.length === 0 && !ROOTS.has(name)) return undefined;
    if (selfClosing) {
      if (stack.length === 0) return undefined; // an empty root is no answer
      if (!add(stack[stack.length - 1] as Open, name, '')) return undefined;
      continue;
    }
    if (stack.length >= MAX_DEPTH) return undefined;
    stack.push({ name, children: {}, hasChildren: false, text: '' });
  }
  return rootDone && stack.length === 0 ? doc : undefined;
}

/** An element's value: its text if it has no children; its children (with the whitespace between them) otherwise. */
function close(open: Open): Node | undefined {
  if (!open.hasChildren) return open.text;
  if (!BLANK.test(open.text)) return undefined; // text beside elements: leave it to the generic parser
  if (open.text !== '') open.children['#text'] = open.text;
  return open.children;
}

/** Adds a child; `member` is always a list (xml.ts's isArray), any other repeated name is left to the generic parser. */
function add(parent: Open, name: string, value: Node): boolean {
  parent.hasChildren = true;
  const existing = parent.children[name];
  if (name === 'member') {
    if (existing === undefined) parent.children[name] = [value];
    else (existing as Node[]).push(value);
    return true;
  }
  if (existing !== undefined || name === '#text') return false;
  parent.children[name] = value;
  return true;
}
