/**
 * How the profiles commands show saved profiles: the core's views (electron/core/views.ts) in the CLI's PascalCase,
 * key ids masked, no secret; server text escaped in text output.
 */
import type { ProfileView } from '../../shared/model.js';
import { lastCheckOf, type ProfileMeta } from '../core/vault/profiles.js';
import { profileDetailView, profileView } from '../core/views.js';
import { escapeControls } from './output.js';

/**
 * One profile in lists: Status is what the most recent check says ("could not check" when it could not decide);
 * LastDecided is the last check that did decide, and LastChecked is its time.
 */
export function cliProfileView(p: ProfileMeta) {
  return pascal(profileView(p));
}

function pascal(v: ProfileView) {
  return {
    Name: v.name,
    AccessKeyId: v.maskedKeyId,
    KeyType: v.keyType,
    Account: v.account,
    Status: v.status,
    LastDecided: v.lastDecided ? { Status: v.lastDecided.status, At: v.lastDecided.at } : null,
    LastChecked: v.lastChecked,
    CouldNotCheck: v.lastAttempt ? { At: v.lastAttempt.at, Error: v.lastAttempt.error } : null,
    LastUsed: v.lastUsed,
    Region: v.region,
  };
}

/** One profile in full: the list's view, then what the store holds (its checks as recorded). */
export function cliDetailView(p: ProfileMeta, hasSecret: boolean | null) {
  const d = profileDetailView(p, hasSecret);
  return {
    ...pascal(d),
    Arn: d.arn,
    DerivedAccount: p.derivedAccount,
    Partition: p.partition,
    Notes: d.notes,
    Expiration: d.expiration,
    Source: p.source,
    CreatedAt: d.createdAt,
    UpdatedAt: p.updatedAt,
    SecretInKeychain: d.hasSecret,
    LastCheck: lastCheckOf(p) ?? null,
    History: p.history,
  };
}

/** How many of the profiles are valid, invalid (expired included), could not be checked, never checked. */
export function statusCounts(statuses: readonly string[]) {
  const n = (test: (s: string) => boolean) => statuses.filter(test).length;
  return { Valid: n((s) => s === 'valid'), Invalid: n((s) => s === 'invalid' || s === 'expired'), CouldNotCheck: n((s) => s === 'could not check'), NeverChecked: n((s) => s === 'never checked') };
}

/** The counts in words: "5 valid, 1 invalid, 2 could not check". */
export function countsLine(c: ReturnType<typeof statusCounts>): string {
  return `${c.Valid} valid, ${c.Invalid} invalid, ${c.CouldNotCheck} could not check${c.NeverChecked ? `, ${c.NeverChecked} never checked` : ''}`;
}

/** Columns padded for people; every cell escaped, so server text cannot drive the terminal or forge a row. */
export function textTable(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cell = (v: unknown) => escapeControls(v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd();
  return `${[line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n')}\n`;
}
