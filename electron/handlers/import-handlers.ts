/**
 * Handlers for importing profiles from the AWS files: a preview, and the import of the chosen candidates. Both
 * build the same plan (planImport), so what the preview offers is what the import does; and the import saves a
 * name only as its own preview showed it (named by previewId: two windows preview apart), so files changed in between
 * never save a key the user was not shown.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../../shared/contract.js';
import type { ImportPreviewView } from '../../shared/model.js';
import { inputFailure } from '../../shared/failure.js';
import { err, ok } from '../../shared/result.js';
import { maskKeyId } from '../core/keys/key-id.js';
import { describeNotListed, describeProblems, isMalformed, missingFilesMessage, scanAwsFiles } from '../core/vault/aws-files.js';
import { listedSkips, planImport, runImport, type ImportPlan, type PlannedImport } from '../core/vault/import-plan.js';
import { credentialFingerprint } from './check-memo.js';
import type { ChannelHandlers, HandlerContext } from './handler-context.js';
import { keepNewest } from './keep-newest.js';

export type ImportChannel = Extract<Channel, `import:${string}`>;

/** How many previews are held at once (one per window, and a few more): the oldest goes first. */
const PREVIEWS_HELD = 8;

function previewView(plan: ImportPlan, previewId: string): ImportPreviewView {
  const { listed, notListed } = listedSkips(plan.skipped);
  return {
    previewId,
    files: plan.scan.files.map((f) => ({ path: f.path, state: f.state, problems: describeProblems(f), malformed: isMalformed(f) })),
    notFound: missingFilesMessage(plan.scan),
    candidates: plan.toImport.map((c) => ({ name: c.name, maskedKeyId: maskKeyId(c.credentials.accessKeyId), region: c.region ?? null, from: c.sources.join(', '), aliases: c.aliases })),
    conflicts: plan.conflicts.map((c) => ({ maskedKeyId: c.maskedKeyId, profiles: c.groups.flat(), reason: c.reason })),
    skipped: listed.map((s) => ({ name: s.name, reason: s.reason })),
    skippedNotListed: notListed.map(describeNotListed),
  };
}

/** The `import:*` handlers, on parsed requests (requests.ts). */
export function importHandlers({ deps }: HandlerContext): ChannelHandlers<ImportChannel> {
  const plan = () => {
    const saved = deps.vault.list();
    return saved.ok ? ok(planImport(scanAwsFiles(deps.env), saved.value)) : saved;
  };
  // What each preview showed of each candidate (its key, secret, token, region and aliases), as keyed hashes, by id.
  const key = randomBytes(32);
  const shownAs = (c: PlannedImport) => credentialFingerprint(key, c.credentials, c.region, ...c.aliases);
  const previews = new Map<string, Map<string, Buffer>>();
  return {
    'import:preview': async () => {
      const p = plan();
      if (!p.ok) return p;
      const previewId = randomBytes(16).toString('hex');
      keepNewest(previews, previewId, new Map(p.value.toImport.map((c) => [c.name, shownAs(c)])), PREVIEWS_HELD);
      return ok(previewView(p.value, previewId));
    },

    'import:run': async ({ names, previewId }) => {
      const previewed = previews.get(previewId);
      if (!previewed) return err(inputFailure('previewId', 'That preview of the AWS files is no longer held (keyscope was restarted, or several previews were made since).', 'Open Import again: it reads the AWS files anew.'));
      const asPreviewed = (c: PlannedImport) => {
        const shown = previewed.get(c.name);
        return shown !== undefined && timingSafeEqual(shown, shownAs(c));
      };
      const p = plan();
      if (!p.ok) return p;
      const chosen = p.value.toImport.filter((c) => names.includes(c.name));
      const changed = chosen.filter((c) => !asPreviewed(c)).map((c) => c.name);
      const done = await runImport(deps.vault, p.value, chosen.filter((c) => !changed.includes(c.name)).map((c) => c.name));
      // A chosen name the plan does not import under that name (an alias, or the files changed since) says why.
      const why = (name: string) => {
        const primary = p.value.toImport.find((c) => c.aliases.includes(name));
        if (primary) return `the same key and secret as "${primary.name}", saved once under that name`;
        return p.value.skipped.find((s) => s.name === name)?.reason ?? p.value.conflicts.find((c) => c.groups.flat().includes(name))?.reason ?? 'no longer in the AWS files';
      };
      const gone = names.filter((n) => !p.value.toImport.some((c) => c.name === n)).map((name) => ({ name, reason: why(name) }));
      const stale = changed.map((name) => ({ name, reason: 'not imported: the AWS files changed it after the preview (another key, secret, token, region or aliases); look at the preview again' }));
      return ok({
        imported: done.imported.map((c) => ({ name: c.name, aliases: c.aliases })),
        skipped: [...gone, ...stale, ...done.refused, ...done.notImported.map((name) => ({ name, reason: `not imported: the import stopped (${done.stopped?.message ?? 'failure'})` }))],
        stopped: done.stopped,
      });
    },
  };
}
