/**
 * XML reading: the one importer of fast-xml-parser. Values stay strings (account ids may start with zero), and
 * element text is kept as sent, as AWS's own parsers do. The answers every check gets are read by xml-fast.ts,
 * which builds the same tree for the plain documents it accepts; everything else comes here.
 */
import type { XMLParser } from 'fast-xml-parser';
import { parseKnownXml } from './xml-fast.js';

/** A parsed element: text for a leaf, an object of children otherwise; `member` elements are always arrays. */
export type XmlNode = string | { readonly [name: string]: XmlNode | readonly XmlNode[] | undefined };

let parser: XMLParser | undefined;

/** fast-xml-parser with keyscope's options, built the first time a body needs it (a check's answers never do). */
function genericParser(): XMLParser {
  if (parser) return parser;
  // Loaded here, not at the top: evaluating fast-xml-parser costs a cold `verify` ~10 ms, and a check never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the one lazy load; the types come from the import above
  const { XMLParser: Parser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  parser = new Parser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'member',
  });
  return parser;
}

const ROOT_CLOSE = new Map<string, RegExp>();

function closesRoot(body: string, name: string): boolean {
  let pattern = ROOT_CLOSE.get(name);
  if (!pattern) {
    if (ROOT_CLOSE.size > 64) ROOT_CLOSE.clear();
    pattern = new RegExp(`</(?:[\\w.-]+:)?${name.replace(/[^\w.-]/g, '')}\\s*>\\s*$`);
    ROOT_CLOSE.set(name, pattern);
  }
  return pattern.test(body);
}

/** Parses a body, or says in a few words why it is not XML. */
export function parseXml(body: string): { readonly ok: true; readonly doc: XmlNode } | { readonly ok: false; readonly reason: string } {
  if (body.trim() === '') return { ok: false, reason: 'the body is empty' };
  // A plain answer of a check: read without the generic parser (it closes its root by construction).
  const known = parseKnownXml(body);
  if (known) return { ok: true, doc: known };
  return parseGeneric(body);
}

/** parseXml through fast-xml-parser alone: the fast path's reference (xml-fast.test.ts). */
export function parseGeneric(body: string): { readonly ok: true; readonly doc: XmlNode } | { readonly ok: false; readonly reason: string } {
  if (body.trim() === '') return { ok: false, reason: 'the body is empty' };
  let doc: XmlNode;
  try {
    doc = genericParser().parse(body) as XmlNode;
  } catch (e) {
    return { ok: false, reason: `the body is not well-formed XML (${(e as Error).message})` };
  }
  // The parser forgives a document cut short; a whole one ends by closing its root element.
  const top = root(doc);
  if (!top || !closesRoot(body, top.name)) {
    return { ok: false, reason: top ? `the body ends before </${top.name}>` : 'the body has no root element' };
  }
  return { ok: true, doc };
}

/** The child element `name` of a node, if it is a structure. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const value = node[name];
  return Array.isArray(value) ? (value[0] as XmlNode | undefined) : (value as XmlNode | undefined);
}

/** Follows a path of element names. */
export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  return names.reduce<XmlNode | undefined>((at, name) => child(at, name), node);
}

/** The text of a leaf at a path, or undefined when it is absent. An empty element reads as "". */
export function text(node: XmlNode | undefined, ...names: string[]): string | undefined {
  const leaf = path(node, ...names);
  return typeof leaf === 'string' ? leaf : undefined;
}

/** The `member` items of a list element. */
export function members(node: XmlNode | undefined, ...names: string[]): XmlNode[] {
  const list = path(node, ...names);
  if (list === undefined || typeof list === 'string') return [];
  const items = list.member;
  return Array.isArray(items) ? (items as XmlNode[]) : [];
}

/** The root element's name and node. */
export function root(doc: XmlNode): { readonly name: string; readonly node: XmlNode } | undefined {
  if (typeof doc === 'string') return undefined;
  const name = Object.keys(doc).find((k) => k !== '?xml' && k !== '#text');
  return name === undefined ? undefined : { name, node: doc[name] as XmlNode };
}
