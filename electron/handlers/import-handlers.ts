/**
 * Handlers for importing profiles from the AWS files: a preview, and the import of the chosen candidates. Both
 * build the same plan (planImport), so what the preview offers is what the import does.
 */
import type { Channel } from '../../shared/contract.js';
import type { ImportPreviewView } from '../../shared/model.js';
import { ok } from '../../shared/result.js';
import { maskKeyId } from '../core/keys/key-id.js';
import { describeProblems, isMalformed, missingFilesMessage, scanAwsFiles } from '../core/vault/aws-files.js';
import { planImport, runImport, type ImportPlan } from '../core/vault/import-plan.js';
import type { ChannelHandlers, HandlerContext } from './handler-context.js';

export type ImportChannel = Extract<Channel, `import:${string}`>;

function previewView(plan: ImportPlan): ImportPreviewView {
  return {
    files: plan.scan.files.map((f) => ({ path: f.path, state: f.state, problems: describeProblems(f), malformed: isMalformed(f) })),
    notFound: missingFilesMessage(plan.scan),
    candidates: plan.toImport.map((c) => ({ name: c.name, maskedKeyId: maskKeyId(c.credentials.accessKeyId), region: c.region ?? null, from: c.sources.join(', '), aliases: c.aliases })),
    conflicts: plan.conflicts.map((c) => ({ maskedKeyId: c.maskedKeyId, profiles: c.groups.flat(), reason: c.reason })),
    skipped: plan.skipped,
  };
}

/** The `import:*` handlers, on parsed requests (requests.ts). */
export function importHandlers({ deps }: HandlerContext): ChannelHandlers<ImportChannel> {
  const plan = () => {
    const saved = deps.vault.list();
    return saved.ok ? ok(planImport(scanAwsFiles(deps.env), saved.value)) : saved;
  };
  return {
    'import:preview': async () => {
      const p = plan();
      return p.ok ? ok(previewView(p.value)) : p;
    },

    'import:run': async ({ names }) => {
      const p = plan();
      if (!p.ok) return p;
      const done = await runImport(deps.vault, p.value, names);
      // A chosen name the plan does not import under that name (an alias, or the files changed since) says why.
      const why = (name: string) => {
        const primary = p.value.toImport.find((c) => c.aliases.includes(name));
        if (primary) return `the same key and secret as "${primary.name}", saved once under that name`;
        return p.value.skipped.find((s) => s.name === name)?.reason ?? p.value.conflicts.find((c) => c.groups.flat().includes(name))?.reason ?? 'no longer in the AWS files';
      };
      const gone = names.filter((n) => !p.value.toImport.some((c) => c.name === n)).map((name) => ({ name, reason: why(name) }));
      return ok({
        imported: done.imported.map((c) => ({ name: c.name, aliases: c.aliases })),
        skipped: [...gone, ...done.refused, ...done.notImported.map((name) => ({ name, reason: `not imported: the import stopped (${done.stopped?.message ?? 'failure'})` }))],
        stopped: done.stopped,
      });
    },
  };
}
