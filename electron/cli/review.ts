/**
 * `keyscope review`: a security review of saved profiles, credential reports and key lists, offline unless a source
 * needs the network (--fetch-credential-report, --audit-with). The engine is core/review; this file reads the flags,
 * gathers the sources, compares with the previous review, writes the report and then keeps the review (one whose
 * report could not be written is not kept).
 */
import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import type { Failure } from '../../shared/failure.js';
import { MIB, readBoundedFile } from '../core/aws/read-bounded.js';
import { failOn } from '../core/review/compare.js';
import type { ReviewReport } from '../core/review/finding.js';
import { formatReport } from '../core/review/formats.js';
import type { SourceData } from '../core/review/model.js';
import { keepReview, newestReportPerAccount, notReviewedText, REPORT_FILE_WRITE } from '../core/review/gather.js';
import { runReview, withSavedCarried } from '../core/review/report.js';
import { listStoredReports } from '../core/review/sources/stored-reports.js';
import { ensureIdKey } from '../core/review/store.js';
import { parseSuppressions, type Suppression, SUPPRESSIONS_HINT } from '../core/review/suppressions.js';
import { createRefusedIn, describeFileError } from '../core/errno-name.js';
import { errorCode, FileIoError, writeFileAtomic } from '../core/vault/atomic-file.js';
import { keyscopeHome } from '../core/vault/paths.js';
import { recheckProfiles } from '../core/vault/recheck.js';
import type { ProfileMeta } from '../core/vault/store-doc.js';
import type { Vault } from '../core/vault/vault.js';
import { savedProfileCheck } from '../core/checks.js';
import type { GlobalOptions } from './context.js';
import { printFailure } from './failures.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { escapeControls, OUTPUT_FORMATS } from './output.js';
import { readReviewFlags, REVIEW_FORMATS, type ReviewFlags, type ReviewPlan } from './review-flags.js';
import { previousReview } from './review-previous.js';
import { auditSource, fetchedReportSource, keyListSource, profilesAsSource, reportSources, savedKeysOf, savedProfiles, SourceFailure } from './review-sources.js';
import { formatReviewTable } from './review-table.js';
import { openVault, verifierFor } from './vault-context.js';

/** The CLI's io (stdoutIsTTY decides the default format). */
export type ReviewIo = CliIo;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds `keyscope review`; lets the global --output take the review's formats (other commands still refuse them). */
export function addReviewCommand(program: Command, io: ReviewIo, setExit: (code: number) => void, globals: (cmd: Command) => GlobalOptions): void {
  const output = program.options.find((o) => o.long === '--output');
  const reviewOnly = REVIEW_FORMATS.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (output) {
    output.choices([...OUTPUT_FORMATS, ...reviewOnly]);
    output.description = `json, text or table (review: table, json, csv, markdown, sarif or ocsf)`;
  }
  program.hook('preAction', (_program, action) => {
    const chosen = String((action.optsWithGlobals() as { output?: unknown }).output);
    if (action.name() !== 'review' && (reviewOnly as readonly string[]).includes(chosen)) throw new UsageError(`--output ${chosen} is for keyscope review; this command writes json, text or table.`);
  });
  program
    .command('review')
    .description('a security review: findings (CIS numbers, evidence, remediation) on saved profiles, IAM credential reports and key lists; offline unless a source needs the network')
    .argument('[profiles...]', 'the saved profiles to review (default: all of them)')
    .option('--offline', 'promise that nothing is sent: refuse every source that needs the network', false)
    .option('--no-profiles', 'leave saved profiles out (review only the reports and lists given)')
    .option('--check', 'with --keys: verify the id/secret pairs online first (GetCallerIdentity; never a canary key; the secrets are never kept)', false)
    .option('--recheck', 'check the saved profiles first (online; each check becomes the key\'s last use at AWS, kept apart as keyscope\'s own)', false)
    .option('--credential-report <file>', 'an IAM credential report (CSV), - for standard input, or "stored" for the newest fetched one of each account; repeatable', collect)
    .option('--as-of <time>', 'the time a credential report file describes (ages count from it; default: its GeneratedTime when keyscope stored it, else now)')
    .option('--keys <file>', 'key ids one per line, the console\'s accessKeys.csv, or ID,SECRET pairs (the secrets are used only by --check, never kept); - for standard input')
    .option('--fetch-credential-report', 'generate and fetch the account\'s credential report with --profile (kept under KEYSCOPE_HOME/reports/)', false)
    .option('--profile <name>', 'the saved profile that fetches the credential report')
    .option('--audit-with <name>', 'passive audit: this saved profile reads the last use, status and age of every saved key of its account; no request is signed by a reviewed key')
    .option('--list-reports', 'list the stored credential reports and stop', false)
    .option('--accounts <list>', 'the accounts expected (comma-separated): a key of any other is a finding')
    .option('--unused-days <n>', 'a key unused for more days is a finding (default 45, CIS)')
    .option('--rotation-days <n>', 'a key older than this is due for rotation (default 90)')
    .option('--stale-days <n>', 'a saved profile checked longer ago is stale (default 30)')
    .option('--baseline <file>', 'compare with this JSON review instead of the previous saved one')
    .option('--suppressions <file>', 'muted findings: {"Suppressions": [{"Check", "Resource", "Reason", "Expires"}]}')
    .option('--fail-on <severity>', 'exit 1 when an unmuted finding is at or above: critical, high, medium, low, info or none', 'none')
    .option('--output-file <path>', 'write the report to this file (atomically) instead of standard output')
    .action(async (names: string[], flags: ReviewFlags, self: Command) => {
      const given = self.getOptionValueSourceWithGlobals('output') === 'cli' ? globals(self).output : undefined;
      setExit(await runReviewCommand(names, flags, globals(self), io, given));
    });
}

/** A review that stops on a failure could not run (3), unless what was given is at fault (2): AWS's "denied" is no finding. */
function couldNotRun(io: CliIo, failure: Failure): number {
  return printFailure(io, failure) === EXIT.usage ? EXIT.usage : EXIT.undecided;
}

function listReports(io: CliIo, home: string): number {
  const all = listStoredReports(home);
  if (!all.ok) return printFailure(io, all.error);
  if (all.value.length === 0) io.stderr('keyscope: no credential report is stored yet; fetch one with keyscope review --fetch-credential-report --profile NAME\n');
  for (const r of all.value) io.stdout(`${r.generatedTime}\t${r.account ?? 'unknown'}\t${escapeControls(r.path)}\n`);
  return EXIT.ok;
}

function readSuppressions(file: string | undefined): Suppression[] {
  if (file === undefined) return [];
  const read = readBoundedFile(file, MIB);
  if (!read.ok) throw new UsageError(`--suppressions: the file ${file} ${read.error.detail}.`);
  let json: unknown;
  try {
    json = JSON.parse(read.value.replace(/^\uFEFF/, ''));
  } catch {
    // Not Node's message: it quotes the text it stopped at, and a file given by mistake may be a key list with secrets.
    throw new UsageError(`--suppressions: ${file} is not JSON.`, SUPPRESSIONS_HINT);
  }
  const parsed = parseSuppressions(json);
  if (!parsed.ok) throw new UsageError(`--suppressions: ${parsed.error.message}`, parsed.error.hint);
  return parsed.value;
}

async function gather(names: readonly string[], flags: ReviewFlags, plan: ReviewPlan, options: GlobalOptions, io: CliIo, home: string, now: string): Promise<SourceData[]> {
  const wantProfiles = flags.profiles !== false;
  const needVault = wantProfiles || plan.online;
  // The store alone: no keychain read, unless a profile must sign (fetch, audit).
  const vault = needVault ? openVault(io) : undefined;
  let profiles = vault ? savedProfiles(vault, wantProfiles ? names : []) : [];
  if (vault && flags.recheck && profiles.length > 0) profiles = await recheckFirst(options, io, vault, profiles);
  const sources: SourceData[] = [];
  if (wantProfiles) sources.push(profilesAsSource(profiles, now, names.length === 0));
  const reports = flags.credentialReport ?? [];
  const fetching = vault && flags.fetchCredentialReport && flags.profile;
  // Every saved key's checks (named or not, --no-profiles too): a report row's last use may be one of them.
  const savedKeys = reports.length > 0 || fetching ? savedKeysOf(io, vault ?? openVault(io)) : [];
  sources.push(...(await reportSources(io, home, reports, plan.asOf, now, savedKeys)));
  if (flags.keys !== undefined) sources.push(await keyListSource(io, flags.keys, now, flags.check ? { options } : undefined));
  if (fetching && flags.profile) sources.push(await fetchedReportSource(options, io, vault, home, flags.profile, savedKeys));
  if (vault && flags.auditWith) sources.push(await auditSource(options, io, vault, savedProfiles(vault, names), flags.auditWith, now));
  if (sources.length === 0) throw new UsageError('Nothing to review.', 'Keep saved profiles in, or give --credential-report, --keys, --fetch-credential-report or --audit-with.');
  const newest = newestReportPerAccount(sources);
  if (!newest.ok) throw new UsageError(newest.error.message, newest.error.hint);
  for (const line of newest.value.setAside) io.stderr(`keyscope: ${escapeControls(line)}\n`);
  return newest.value.sources;
}

/** --recheck: the saved profiles checked first (as `profiles recheck` does), then reviewed as stored. */
async function recheckFirst(options: GlobalOptions, io: CliIo, vault: Vault, profiles: readonly ProfileMeta[]): Promise<ProfileMeta[]> {
  const verifier = verifierFor(options, io, true);
  try {
    const result = await recheckProfiles(vault, profiles, {
      check: savedProfileCheck(vault, profiles, verifier.verify),
      onProgress: ({ done, total }) => {
        if (io.stderrIsTTY) io.stderr(`\r\u001b[Krechecking ${done}/${total}`);
      },
    });
    if (io.stderrIsTTY) io.stderr('\r\u001b[K');
    if (result.storeFailure) throw new SourceFailure(result.storeFailure);
  } finally {
    verifier.close();
  }
  const ids = new Set(profiles.map((p) => p.id));
  const all = vault.list();
  if (!all.ok) throw new SourceFailure(all.error);
  return all.value.filter((p) => ids.has(p.id));
}

function write(io: ReviewIo, report: ReviewReport, plan: ReviewPlan, flags: ReviewFlags, options: GlobalOptions): number {
  // --unmask is the global flag (before or after the command): review once declared its own, which the global one
  // always took first, so key ids stayed masked.
  const unmask = options.unmask === true;
  const text = plan.format === 'table' ? formatReviewTable(report, { unmask }) : formatReport(report, plan.format, { unmask });
  if (!flags.outputFile) {
    // Every format shows control and bidi characters as escapes itself (core/safe-text.ts), so a terminal gets what a
    // file does: escaping each line again showed CSV's CRLF as a visible \x0d at the end of every row.
    io.stdout(text);
    return EXIT.ok;
  }
  const path = resolve(flags.outputFile);
  try {
    writeFileAtomic(path, text, undefined, REPORT_FILE_WRITE);
  } catch (e) {
    const code = errorCode(e);
    // Where the file was to be made: the folder of the link's target when written through one.
    const target = e instanceof FileIoError ? e.path : path;
    const folder = e instanceof FileIoError ? e.folder : dirname(path);
    const through = target === path ? '' : ` (${path} is a link to ${target})`;
    const hint =
      code === 'EISDIR'
        ? `${path} is a folder: give the path of a file in it.`
        : createRefusedIn(code, folder)
          ? `${folder} is on a file system where no file can be created (such as /proc or /sys): give a path in a folder on a disk.`
          : code === 'ENOENT'
            ? `${folder} does not exist${through}: create it, or give another path.`
            : 'check that the folder exists and is writable, and that the disk has room.';
    io.stderr(`keyscope: the report could not be written to ${escapeControls(path)} (${describeFileError(code, 'write', folder)}); nothing was changed there.\nhint: ${escapeControls(hint)}\n`);
    return EXIT.undecided;
  }
  io.stderr(`keyscope: ${plan.format} report written to ${escapeControls(path)}\n`);
  return EXIT.ok;
}

/** Runs a review; returns the exit code (0 nothing at or above --fail-on, 1 something is, 2 usage, 3 could not run). */
export async function runReviewCommand(names: readonly string[], flags: ReviewFlags, options: GlobalOptions, io: ReviewIo, given: string | undefined): Promise<number> {
  const plan = readReviewFlags(flags, given, io.stdoutIsTTY === true);
  const home = keyscopeHome(io.env);
  if (flags.listReports) return listReports(io, home);
  const suppressions = readSuppressions(flags.suppressions);
  const idKey = ensureIdKey(home);
  if (!idKey.ok) return couldNotRun(io, idKey.error);
  const now = new Date().toISOString();
  let sources: SourceData[];
  let previous: ReturnType<typeof previousReview>;
  try {
    sources = await gather(names, flags, plan, options, io, home, now);
    previous = previousReview(io, home, flags.baseline, idKey.value);
  } catch (e) {
    if (e instanceof SourceFailure) return couldNotRun(io, e.failure);
    throw e;
  }
  const report = runReview({ sources, thresholds: plan.thresholds, idKey: idKey.value, generatedAt: now, offline: !plan.online, previous, suppressions });
  const unreviewed = notReviewedText(report);
  if (unreviewed) io.stderr(`keyscope: ${escapeControls(unreviewed)}\n`);
  // Written first, kept after: a report that never reached its reader (exit 3) must not become the next review's
  // baseline, or the review run again would mark its findings "unchanged" though nobody saw them as new.
  const written = write(io, report, plan, flags, options);
  if (written !== EXIT.ok) return written;
  // A reader that went away (`| head`) is no failure, but it did not get the whole report: not kept either.
  // Only once the write has gone out or failed: a pipe queues what its buffer cannot take, and EPIPE comes later.
  if (!flags.outputFile && (await io.stdoutCutShort?.())) {
    io.stderr('keyscope: the report was cut short: standard output was closed before all of it was written. This review is not kept, so the next one compares with the one before it.\n');
    return failOn(report.findings, plan.failOn) ? EXIT.rejected : EXIT.ok;
  }
  const saved = keepReview(home, previous?.saved ? withSavedCarried(report, previous.saved, sources) : report);
  if (!saved.ok) io.stderr(`keyscope: warning: ${escapeControls(saved.error.message)} The next review will compare with an older one.\nhint: ${escapeControls(saved.error.hint)}\n`);
  return failOn(report.findings, plan.failOn) ? EXIT.rejected : EXIT.ok;
}
