/**
 * Suppressions: a reviewer's decision to accept a finding for a reason, until a date. A muted finding stays in the
 * report, marked Muted, and counts for nothing; an expired suppression stops applying and the finding says so.
 *
 * A suppression's Resource is one of:
 *   `*`                          every resource (the whole check)
 *   `finding:ID`                 one finding, by its Id
 *   `key:AKIA…` or `AKIA…`       a key id (also ASIA, ABIA, ACCA), matched whole
 *   `account:123456789012` or `123456789012`   every finding in an account
 *   `user:NAME` or `user:123456789012/NAME`    a user (in any account, or in that account)
 *   `profile:NAME`               a saved profile
 * Expires is an ISO 8601 date or time; a date alone lasts through that day (UTC). Null: no expiry.
 */

import { err, ok, type Result } from '../../../shared/result.js';
import type { ReviewFinding } from './finding.js';
import type { ComparedFinding } from './compare.js';
import { quotedName } from '../vault/new-profile.js';
import { isoTimeAdvice, parseIsoTime } from './iso-time.js';
import { CHECKS, type CheckId } from './model.js';

/** One suppression. */
export interface Suppression {
  readonly check: CheckId | '*';
  readonly resource: string;
  readonly reason: string;
  readonly expires: string | null;
}

/** Why a suppressions file cannot be used. */
export interface SuppressionProblem {
  readonly kind: 'suppressions';
  readonly message: string;
  readonly hint: string;
}

const KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}$/;
const ACCOUNT = /^\d{12}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** How to write a suppressions file, for every message about one. */
export const SUPPRESSIONS_HINT = 'Write suppressions as JSON: {"Suppressions": [{"Check": "access-key-unused", "Resource": "user:alice", "Reason": "…", "Expires": "2026-06-30"}]}.';

/** Whether a resource text is one of the forms above. */
export function validResource(resource: string): boolean {
  if (resource === '*' || KEY_ID.test(resource) || ACCOUNT.test(resource)) return true;
  const [kind, ...rest] = resource.split(':');
  const value = rest.join(':');
  if (!value) return false;
  if (kind === 'key') return KEY_ID.test(value);
  if (kind === 'account') return ACCOUNT.test(value);
  return kind === 'finding' || kind === 'user' || kind === 'profile';
}

/**
 * The instant a suppression stops applying; a date alone means the end of that day, UTC. NaN for anything but an
 * ISO 8601 date or zoned time: Date.parse read "45" as 2045, muting a finding for twenty years.
 */
export function expiryTime(expires: string): number {
  const t = parseIsoTime(expires);
  if (!t.ok) return Number.NaN;
  return Date.parse(t.value) + (DATE_ONLY.test(expires.trim()) ? 24 * 60 * 60 * 1000 : 0);
}

/** A value as a message quotes it: text whole up to 64 characters, else its start and its length; else its kind. */
function quoted(value: unknown): string {
  if (typeof value === 'string') return quotedName(value);
  if (Array.isArray(value)) return 'a list';
  return value !== null && typeof value === 'object' ? 'an object' : String(value);
}

function problem(index: number, what: string): SuppressionProblem {
  return { kind: 'suppressions', message: `Suppression ${index + 1} ${what}.`, hint: SUPPRESSIONS_HINT };
}

/** Reads suppressions from parsed JSON: an array, or {"Suppressions": [...]}, of {Check, Resource, Reason, Expires}. */
export function parseSuppressions(value: unknown): Result<Suppression[], SuppressionProblem> {
  const list = Array.isArray(value) ? value : (value as { Suppressions?: unknown } | null)?.Suppressions;
  if (!Array.isArray(list)) return err({ kind: 'suppressions', message: 'The suppressions file holds no list of suppressions.', hint: SUPPRESSIONS_HINT });
  const out: Suppression[] = [];
  for (const [i, raw] of list.entries()) {
    const e = (raw ?? {}) as Record<string, unknown>;
    const { Check: check, Resource: resource, Reason: reason, Expires: expires } = e;
    if (check !== '*' && !(CHECKS as readonly unknown[]).includes(check)) return err(problem(i, `names no known check (${quoted(check)}); the checks are ${CHECKS.join(', ')}, or "*"`));
    if (typeof resource !== 'string' || !validResource(resource)) return err(problem(i, `has a Resource keyscope cannot match (${quoted(resource)}); use *, finding:ID, key:ID, account:ID, user:NAME or profile:NAME`));
    if (typeof reason !== 'string' || reason.trim() === '') return err(problem(i, 'has no Reason; say why the finding is accepted'));
    const when = typeof expires === 'string' ? parseIsoTime(expires) : null;
    if (expires !== undefined && expires !== null && !when?.ok) return err(problem(i, `has an Expires that is not an ISO 8601 date (${quoted(expires)}${when && !when.ok ? `: ${isoTimeAdvice(when.error)}` : ''})`));
    out.push({ check: check as CheckId | '*', resource, reason: reason.trim(), expires: typeof expires === 'string' ? expires : null });
  }
  return ok(out);
}

/** Writes suppressions in the form parseSuppressions reads. */
export function suppressionsToJson(list: readonly Suppression[]): string {
  const Suppressions = list.map((s) => ({ Check: s.check, Resource: s.resource, Reason: s.reason, Expires: s.expires }));
  return `${JSON.stringify({ Suppressions }, null, 2)}\n`;
}

/** Whether a suppression's resource covers a finding. */
export function matchesResource(resource: string, f: ComparedFinding): boolean {
  const r = f.Resource;
  if (resource === '*') return true;
  if (KEY_ID.test(resource)) return r.AccessKeyId === resource;
  if (ACCOUNT.test(resource)) return r.Account === resource;
  const cut = resource.indexOf(':');
  const kind = resource.slice(0, cut);
  const value = resource.slice(cut + 1);
  switch (kind) {
    case 'finding':
      return f.Id === value;
    case 'key':
      return r.AccessKeyId === value;
    case 'account':
      return r.Account === value;
    case 'profile':
      return r.Profile === value;
    case 'user': {
      const scoped = /^(\d{12})\/(.+)$/.exec(value);
      return scoped ? r.Account === scoped[1] && r.User === scoped[2] : r.User === value;
    }
    default:
      return false;
  }
}

/** Applies suppressions as of `now`: muted findings are marked; expired suppressions leave a note. */
export function applySuppressions(findings: readonly ComparedFinding[], suppressions: readonly Suppression[], now: string): ReviewFinding[] {
  const at = Date.parse(now);
  return findings.map((f) => {
    const matching = suppressions.filter((s) => (s.check === '*' || s.check === f.Check) && matchesResource(s.resource, f));
    const live = matching.find((s) => s.expires === null || expiryTime(s.expires) > at);
    if (live) return { ...f, Muted: { Reason: live.reason, Expires: live.expires }, Notes: [] };
    const notes = matching.map((s) => `A suppression (${s.reason}) expired on ${s.expires}; the finding counts again.`);
    return { ...f, Muted: null, Notes: notes };
  });
}
