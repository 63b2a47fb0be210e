/** How the profiles commands show saved profiles: key ids masked, no secret, server text escaped in text output. */
import { maskKeyId } from '../core/keys/key-id.js';
import { lastCheckOf, lastDecidedOf, type ProfileMeta } from '../core/vault/profiles.js';
import { decidedStatusOf, statusOf } from '../core/vault/status.js';
import { escapeControls } from './output.js';

/**
 * One profile in lists: Status is what the most recent check says ("could not check" when it could not decide);
 * LastDecided is the last check that did decide, and LastChecked is its time.
 */
export function profileView(p: ProfileMeta) {
  const decided = lastDecidedOf(p);
  const latest = lastCheckOf(p);
  return {
    Name: p.name,
    AccessKeyId: maskKeyId(p.accessKeyId),
    KeyType: p.keyType,
    Account: decided?.account ?? p.derivedAccount,
    Status: statusOf(p),
    LastDecided: decided ? { Status: decidedStatusOf(p), At: decided.at } : null,
    LastChecked: decided?.at ?? null,
    CouldNotCheck: latest && latest.valid === null ? { At: latest.at, Error: latest.error ?? null } : null,
    LastUsed: decided?.lastUsed ? (decided.lastUsed.LastUsedDate ?? 'never') : null,
    Region: p.region ?? null,
  };
}

/** One profile in full. */
export function detailView(p: ProfileMeta, hasSecret: boolean | null) {
  return {
    ...profileView(p),
    Arn: lastDecidedOf(p)?.arn ?? null,
    DerivedAccount: p.derivedAccount,
    Partition: p.partition,
    Notes: p.notes ?? null,
    Expiration: p.expiration ?? null,
    Source: p.source,
    CreatedAt: p.createdAt,
    UpdatedAt: p.updatedAt,
    SecretInKeychain: hasSecret,
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
