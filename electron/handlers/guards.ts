/**
 * Narrowing of `unknown` IPC arguments, field by field, into Results. A request is read with one FieldReader: each
 * read checks one field and, when it is not acceptable, keeps the first problem and hands back a stand-in value, so
 * a parser reads like the request it builds and never throws; readRequest then answers with that problem instead
 * of the stand-ins.
 */
import type { Channel, Request } from '../../shared/contract.js';
import { inputFailure, type InputFailure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';

/** One channel's request parser: its argument as the contract's request type, or the input failure at fault. */
export type RequestParser<C extends Channel> = (arg: unknown) => Result<Request<C>, InputFailure>;

/** The parsers of a set of channels (all of them by default): the compiler ties each to its contract type. */
export type RequestParsers<K extends Channel = Channel> = { readonly [C in K]: RequestParser<C> };

/** Reads the fields of one request; see the opening comment for what happens to a field that is not acceptable. */
export interface FieldReader {
  /** A required string of bounded length. */
  str(key: string, max?: number): string;
  /** An optional string; empty counts as absent. */
  optStr(key: string, max?: number): string | undefined;
  /** An optional whole number. */
  optInt(key: string): number | undefined;
  /** An optional boolean. */
  optBool(key: string): boolean | undefined;
  /** An optional list of short strings. */
  optStrList(key: string, maxItems?: number): string[] | undefined;
  /** One of a fixed set of words. */
  oneOf<T extends string>(key: string, values: readonly [T, ...T[]]): T;
  /** Refuses the request with a problem another check found (a region's shape, say), unless one came first. */
  refuse(failure: InputFailure): void;
}

/** The request as `build` makes it from its fields, or the first problem: not an object, an unknown field, a bad value. */
export function readRequest<T>(arg: unknown, allowed: readonly string[], build: (read: FieldReader) => T): Result<T, InputFailure> {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return err(problem('body', 'is not an object'));
  const o = arg as Record<string, unknown>;
  const unknownField = Object.keys(o).find((k) => !allowed.includes(k));
  if (unknownField !== undefined) {
    // Named only when it reads as a field name: a caller's long or odd key (a pasted secret, control characters) is
    // never handed back, once as the field and again in the message.
    if (FIELD_NAME.test(unknownField)) return err(problem(unknownField, 'is not a known field'));
    return err(inputFailure('body', "The request holds a field keyscope's API does not know.", HINT));
  }

  let first: InputFailure | undefined;
  const refuse = (failure: InputFailure) => {
    first ??= failure;
  };
  const bad = <V>(key: string, what: string, standIn: V): V => {
    refuse(problem(key, what));
    return standIn;
  };
  const read: FieldReader = {
    str(key, max = 4096) {
      const v = o[key];
      if (typeof v !== 'string') return bad(key, 'is missing or not text', '');
      if (v.length > max) return bad(key, `is longer than ${max} characters`, '');
      return v;
    },
    optStr(key, max = 4096) {
      return o[key] === undefined || o[key] === '' ? undefined : read.str(key, max);
    },
    optInt(key) {
      const v = o[key];
      if (v === undefined || v === null || v === '') return undefined;
      return typeof v === 'number' && Number.isInteger(v) ? v : bad(key, 'is not a whole number', undefined);
    },
    optBool(key) {
      const v = o[key];
      if (v === undefined) return undefined;
      return typeof v === 'boolean' ? v : bad(key, 'is not true or false', undefined);
    },
    optStrList(key, maxItems = 1000) {
      const v = o[key];
      if (v === undefined) return undefined;
      if (!Array.isArray(v) || v.length > maxItems) return bad(key, 'is not a list of names', undefined);
      // Spread, a hole reads as undefined (every() skips it): Electron's structured clone keeps holes.
      const list: unknown[] = [...(v as unknown[])];
      return list.every((x) => typeof x === 'string' && x.length <= 256) ? (list as string[]) : bad(key, 'is not a list of names', undefined);
    },
    oneOf(key, values) {
      const v = o[key];
      return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as (typeof values)[number]) : bad(key, `is not one of ${values.join(', ')}`, values[0]);
    },
    refuse,
  };
  const built = build(read);
  return first ? err(first) : ok(built);
}

/** What a field of keyscope's requests looks like: shorter than any AWS secret (40 characters). */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
const HINT = 'This is a bug in the caller: the request was refused before anything was done.';

function problem(field: string, what: string): InputFailure {
  return inputFailure(field, `The request's ${field} ${what}.`, HINT);
}
