/**
 * Saved profiles for people (table, and text where text is words) and for scripts (text that is tab-separated):
 * a list is one row per profile, a profile is labelled sections, a change is a sentence. Times read as "3 minutes
 * ago" beside their date; server text is escaped by the renderers in output-grid.ts.
 */
import { relativeTime } from '../../shared/relative-time.js';
import { isEarlierKeyCheck, type CheckRecord, type ProfileMeta } from '../core/vault/profiles.js';
import { profileDetailView, profileView } from '../core/views.js';
import { maskKeyId } from '../core/keys/key-id.js';
import { grid, sections, tabLines } from './output-grid.js';
import { escapeControls } from './output.js';
import { countsLine, statusCounts, type ShowOptions } from './profile-views.js';

const keyOf = (p: ProfileMeta, show: ShowOptions) => (show.unmask ? p.accessKeyId : maskKeyId(p.accessKeyId));
const when = (iso: string | null | undefined, now: number) => (iso ? relativeTime(iso, now) : null);
const dated = (iso: string | null | undefined, now: number) => (iso ? `${relativeTime(iso, now)} (${iso})` : null);

/** Whose the key is, as far as known: the ARN of the last decided check, else the user, else the account. */
function whose(p: ProfileMeta): string {
  const d = profileDetailView(p, null);
  if (d.arn) return d.arn;
  if (d.userName) return `user ${d.userName}`;
  return d.account ? `account ${d.account}${d.account === p.derivedAccount ? ' (derived)' : ''}` : '-';
}

/** When the key was last used, in words: "3 days ago", "never", or "-" when unknown. */
function lastUsedText(lastUsed: string | null, now: number): string {
  return lastUsed === null ? '-' : lastUsed === 'never' ? 'never' : (when(lastUsed, now) ?? '-');
}

/** `profiles list --output table`: one row per profile, fitted to `width`, then the counts. */
export function listTable(profiles: readonly ProfileMeta[], now: number, width: number | undefined, show: ShowOptions = {}): string {
  if (profiles.length === 0) return 'No saved profiles. Add one with `keyscope profiles add NAME` or `keyscope profiles import`.\n';
  const views = profiles.map((p) => ({ p, v: profileView(p) }));
  // Last checked is the last check that decided, as in the app and the JSON: a check that could not decide shows as the status.
  const rows = views.map(({ p, v }) => [v.name, keyOf(p, show), whose(p), v.status, when(v.lastChecked, now) ?? 'never', lastUsedText(v.lastUsed, now)]);
  // On a narrow terminal the ARN gives way first, then long names; the times are left out before a key id is cut.
  const columns = [
    { header: 'Name', min: 12, giveWay: 2 },
    { header: 'Key id', min: 20, giveWay: 3 },
    { header: 'Whose', min: 20, giveWay: 1 },
    { header: 'Status', giveWay: 4, min: 15 },
    { header: 'Last checked', min: 14, leaveOut: 1 },
    { header: 'Last used', min: 10, leaveOut: 2 },
  ];
  return `${grid('Profiles', columns, rows, width)}${profiles.length} ${profiles.length === 1 ? 'profile' : 'profiles'}: ${countsLine(statusCounts(views.map(({ v }) => v.status)))}\n`;
}

/** `profiles list --output text`: tab-separated, one line per profile: name, key id, account, whose, status, last decided check's time, last used. */
export function listText(profiles: readonly ProfileMeta[], show: ShowOptions = {}): string {
  return tabLines(
    profiles.map((p) => {
      const v = profileView(p);
      return [v.name, keyOf(p, show), v.account, whose(p), v.status, v.lastChecked, v.lastUsed];
    }),
  );
}

/** What one check found, in words: "valid", "NOT VALID: InvalidClientTokenId: …", "could not check: …". */
function checkWords(r: CheckRecord): string {
  if (r.valid === true) return `valid${r.arn ? ` as ${r.arn}` : ''}`;
  const why = r.error ? `: ${r.error.Code}: ${r.error.Message}` : '';
  return r.valid === false ? `NOT VALID${why}` : `could not check${why}`;
}

/** `profiles show` for people: labelled sections, nothing left as `None`. */
export function showSections(p: ProfileMeta, hasSecret: boolean | null, now: number, show: ShowOptions = {}): string {
  const d = profileDetailView(p, hasSecret);
  const used = d.lastUsedInfo;
  const owner = d.ownerLastUsed;
  const useText = (u: typeof used) => (u ? (u.LastUsedDate ? `${dated(u.LastUsedDate, now)} with ${u.ServiceName} in ${u.Region}` : 'never used') : null);
  return sections(p.name, [
    ['Identity', [['ARN', d.arn], ['Account', d.account ? `${d.account}${d.arn ? '' : ' (derived from the key id)'}` : null], ['User', d.userName], ['User id', d.userId]]],
    [
      'Key',
      [
        ['Key id', `${keyOf(p, show)} (${d.keyType})`],
        ['Partition', p.partition],
        ['Region', d.region],
        ['Secret', hasSecret === null ? 'the keychain could not be asked' : hasSecret ? 'in the OS keychain' : 'MISSING from the keychain (`keyscope profiles doctor`)'],
        ['Expires', dated(d.expiration, now)],
      ],
    ],
    [
      'Status',
      [
        ['Status', d.status],
        ['Last decided', d.lastDecided ? `${d.lastDecided.status} ${dated(d.lastDecided.at, now)}` : 'never'],
        ['Could not check', d.lastAttempt ? `${dated(d.lastAttempt.at, now)}${d.lastAttempt.error ? `: ${d.lastAttempt.error.Code}: ${d.lastAttempt.error.Message}` : ''}` : null],
        ['Hint', d.lastError?.Hint],
      ],
    ],
    [
      'Last use',
      [
        ['Last used', useText(used) ?? (d.lastUsedError ? null : 'not known')],
        ['', used && d.lastUsedIsOwnCheck ? "that was keyscope's own check" : null],
        ["Owner's last use", d.lastUsedIsOwnCheck ? (useText(owner) ?? 'not known') : null],
        ['Could not read', d.lastUsedError ? `${d.lastUsedError.Code}: ${d.lastUsedError.Message}` : null],
      ],
    ],
    ['Notes', [['Notes', d.notes]]],
    ['History (newest first)', p.history.map((h) => [h.at, `${isEarlierKeyCheck(p, h) ? 'earlier key: ' : ''}${checkWords(h)} (${relativeTime(h.at, now)})`] as const)],
    ['Saved', [['Created', dated(d.createdAt, now)], ['Updated', dated(p.updatedAt, now)], ['From', p.source === 'aws-files' ? 'imported from ~/.aws' : p.source === 'env' ? 'the environment' : 'typed or piped in']]],
  ]);
}

/** A recheck in words: one line per profile saying what this check found, then the counts. */
export function recheckWords(items: ReadonlyArray<{ readonly profile: ProfileMeta; readonly record: CheckRecord }>, now: number, show: ShowOptions = {}): string {
  const lines = items.map(({ profile, record }) => {
    const before = record.valid === null ? profileView(profile).lastDecided : null;
    return `${profile.name} (${keyOf(profile, show)}): ${checkWords(record)}${before ? `; it was ${before.status} ${relativeTime(before.at, now)}` : ''}`;
  });
  return lines.map((l) => `${escapeControls(l)}\n`).join('');
}

/** A change to one profile, in a sentence. */
export function changeWords(what: 'saved' | 'removed' | 'removed-entry-kept' | 'renamed' | 'key-replaced', p: ProfileMeta, show: ShowOptions = {}, extra?: string): string {
  const key = `${keyOf(p, show)}, ${p.keyType}${p.derivedAccount ? `, account ${p.derivedAccount}` : ''}`;
  const sentence = {
    saved: `Saved profile ${p.name} (${key}); its secret is in the OS keychain. Check it with: keyscope verify --profile ${p.name}`,
    removed: `Removed profile ${p.name} (${key}) and its secret from the keychain.`,
    'removed-entry-kept': `Removed profile ${p.name} (${key}).`,
    renamed: `Renamed profile ${extra} to ${p.name} (${key}).`,
    'key-replaced': `Profile ${p.name} has a new key (${key}); the old one was ${extra}. Its name, notes and history are kept.`,
  }[what];
  return `${escapeControls(sentence)}\n`;
}
