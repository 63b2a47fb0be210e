/** Narrowing of `unknown` IPC arguments: each channel's request is checked field by field before use. */
import { inputFailure, type InputFailure } from '../../shared/failure.js';

/** Thrown by the readers below; handlers turn it into an input failure. */
export class BadArgument extends Error {
  constructor(readonly failure: InputFailure) {
    super(failure.message);
  }
}

const bad = (field: string, what: string): never => {
  throw new BadArgument(inputFailure(field, `The request's ${field} ${what}.`, 'This is a bug in the caller: the request was refused before anything was done.'));
};

/** The request as a plain object with no unexpected fields. */
export function fields(arg: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return bad('body', 'is not an object');
  const o = arg as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(k, 'is not a known field');
  return o;
}

/** A required string of bounded length. */
export function str(o: Record<string, unknown>, key: string, max = 4096): string {
  const v = o[key];
  if (typeof v !== 'string') return bad(key, 'is missing or not text');
  if (v.length > max) bad(key, `is longer than ${max} characters`);
  return v;
}

/** An optional string; empty counts as absent. */
export function optStr(o: Record<string, unknown>, key: string, max = 4096): string | undefined {
  if (o[key] === undefined || o[key] === '') return undefined;
  return str(o, key, max);
}

/** An optional whole number. */
export function optInt(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) return bad(key, 'is not a whole number');
  return v;
}

/** An optional boolean. */
export function optBool(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') return bad(key, 'is not true or false');
  return v;
}

/** An optional list of strings. */
export function optStrList(o: Record<string, unknown>, key: string, maxItems = 1000): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > maxItems || !v.every((x) => typeof x === 'string' && x.length <= 256)) return bad(key, 'is not a list of names');
  return v as string[];
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !values.includes(v as T)) return bad(key, `is not one of ${values.join(', ')}`);
  return v as T;
}
