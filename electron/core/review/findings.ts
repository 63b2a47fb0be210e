/**
 * The findings engine: pure and offline. It fills in what one source knows about a key from the others (its
 * account, user, profile, and whether it is active, from the freshest source that says), runs the checks per source
 * as of that source's own time, and keeps one finding per id (the freshest evidence wins).
 */

import { CHECK_INFO } from './checks.js';
import type { Finding } from './finding.js';
import { findingId } from './finding-id.js';
import { accountOf, checkKey, type Draft } from './key-checks.js';
import { type CheckId, type ReviewedKey, SEVERITIES, type SourceData, type Thresholds } from './model.js';

/** What a review needs besides its sources. */
export interface FindingOptions {
  readonly thresholds: Thresholds;
  /** The secret that keys finding ids (finding-id.ts): random, kept with the reviews, the same across them. */
  readonly idKey: string;
}

interface Known {
  account?: string;
  user?: string;
  profile?: string;
  isRoot?: boolean;
  passwordEnabled?: boolean;
  active?: boolean;
  activeAsOf?: number;
}

/** What every source together knows of each key id. */
function knowledge(sources: readonly SourceData[]): Map<string, Known> {
  const known = new Map<string, Known>();
  for (const source of sources) {
    const asOf = Date.parse(source.dataAsOf);
    for (const key of source.keys) {
      if (!key.accessKeyId) continue;
      const k = known.get(key.accessKeyId) ?? {};
      k.account ??= key.account;
      k.user ??= key.user;
      k.profile ??= key.profile;
      k.isRoot ??= key.isRoot;
      k.passwordEnabled ??= key.passwordEnabled;
      if (key.active !== undefined && (k.activeAsOf === undefined || asOf > k.activeAsOf)) {
        k.active = key.active;
        k.activeAsOf = asOf;
      }
      known.set(key.accessKeyId, k);
    }
  }
  return known;
}

function enrich(key: ReviewedKey, known: Map<string, Known>): ReviewedKey {
  const k = key.accessKeyId ? known.get(key.accessKeyId) : undefined;
  if (!k) return key;
  // The key's own fields win, even when a mapper spelled an unknown one as `undefined`; active comes from the freshest.
  return {
    ...key,
    account: key.account ?? k.account,
    user: key.user ?? k.user,
    profile: key.profile ?? k.profile,
    isRoot: key.isRoot ?? k.isRoot,
    passwordEnabled: key.passwordEnabled ?? k.passwordEnabled,
    active: k.active ?? key.active,
  };
}

function toFinding(draft: Draft, dataAsOf: string, idKey: string): Finding {
  const info = CHECK_INFO[draft.check];
  const k = draft.key;
  const account = accountOf(k).account;
  // Per-user checks are about the user, not one key: their subject has no key id or slot.
  const perUser = draft.check === 'multiple-active-keys';
  const subject = perUser ? { account, user: k.user ?? null } : { account, accessKeyId: k.accessKeyId ?? null, user: k.user ?? null, slot: k.slot ?? null, profile: k.profile ?? null };
  return {
    Id: findingId(draft.check, subject, idKey),
    Check: draft.check,
    Severity: info.severity,
    Title: info.title,
    Resource: {
      Account: account,
      User: k.user ?? null,
      AccessKeyId: perUser ? null : (k.accessKeyId ?? null),
      Profile: perUser ? null : (k.profile ?? null),
      ...(k.slot && !perUser ? { KeySlot: `access_key_${k.slot}` } : {}),
    },
    Detail: draft.detail,
    Evidence: draft.evidence,
    Remediation: info.remediation,
    Compliance: info.compliance,
    DataAsOf: dataAsOf,
    Source: k.source,
  };
}

/** A user with two active keys, within one source (the only place both keys are seen at the same time). */
function multipleActive(keys: readonly ReviewedKey[]): Draft[] {
  const byUser = new Map<string, ReviewedKey[]>();
  for (const key of keys) {
    if (key.active !== true || !key.user || key.isRoot) continue;
    const who = `${accountOf(key).account ?? ''}\u0000${key.user}`;
    byUser.set(who, [...(byUser.get(who) ?? []), key]);
  }
  return [...byUser.values()]
    .filter((list) => list.length >= 2)
    .map((list) => {
      const first = list[0] as ReviewedKey;
      const ids = list.map((k) => k.accessKeyId ?? `access_key_${k.slot ?? '?'}`);
      return { check: 'multiple-active-keys' as CheckId, key: first, detail: `User ${first.user} has ${list.length} active access keys.`, evidence: { ActiveKeys: ids, ActiveKeyCount: list.length } };
    });
}

const rank = (f: Finding): number => SEVERITIES.indexOf(f.Severity);

/** Orders findings most severe first, then by check, account, user and id, so reports are stable. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  // Each finding's key made once, not at every comparison (a 100,000-user report sorts 200,000 findings).
  const keyed = findings.map((f) => ({ f, rank: rank(f), key: [f.Check, f.Resource.Account ?? '', f.Resource.User ?? '', f.Resource.Profile ?? '', f.Id].join('\u0000') }));
  return keyed.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ f }) => f);
}

/** Runs every check over every source and returns one finding per id, most severe first. */
export function findFindings(sources: readonly SourceData[], options: FindingOptions): Finding[] {
  const known = knowledge(sources);
  const byId = new Map<string, Finding>();
  for (const source of sources) {
    const keys = source.keys.map((k) => enrich(k, known));
    const drafts = [...keys.flatMap((k) => checkKey(k, source.kind, source.dataAsOf, options.thresholds)), ...multipleActive(keys)];
    for (const draft of drafts) {
      const finding = toFinding(draft, source.dataAsOf, options.idKey);
      const earlier = byId.get(finding.Id);
      if (!earlier) byId.set(finding.Id, finding);
      else byId.set(finding.Id, merge(earlier, finding));
    }
  }
  return sortFindings([...byId.values()]);
}

/** Two sources found the same thing: keep the fresher evidence, and any resource field only the other knew. */
function merge(a: Finding, b: Finding): Finding {
  const [fresh, old] = Date.parse(b.DataAsOf) > Date.parse(a.DataAsOf) ? [b, a] : [a, b];
  const r = fresh.Resource;
  const o = old.Resource;
  return { ...fresh, Resource: { ...r, Account: r.Account ?? o.Account, User: r.User ?? o.User, AccessKeyId: r.AccessKeyId ?? o.AccessKeyId, Profile: r.Profile ?? o.Profile } };
}
