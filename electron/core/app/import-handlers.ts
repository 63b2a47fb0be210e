/** Handlers for importing profiles from the AWS files: a preview, and the import of the chosen ones. */
import type { Channel, Response } from '../../../shared/contract.js';
import { ok } from '../../../shared/result.js';
import { maskKeyId } from '../keys/key-id.js';
import { scanAwsFiles } from '../vault/aws-files.js';
import { importCandidates, planImport } from '../vault/import-plan.js';
import type { HandlerContext } from './context.js';
import { fields, optStrList } from './guards.js';

export type ImportChannel = Extract<Channel, `import:${string}`>;

/** The `import:*` handlers. */
export function importHandlers({ deps }: HandlerContext): { readonly [C in ImportChannel]: (o: unknown) => Promise<Response<C>> } {
  return {
    'import:preview': async (arg) => {
      fields(arg, []);
      const scan = scanAwsFiles(deps.env);
      const saved = deps.vault.list();
      if (!saved.ok) return saved;
      const plan = planImport(scan.profiles, saved.value);
      return ok({
        candidates: plan.candidates.map((c) => ({ name: c.name, maskedKeyId: maskKeyId(c.credentials.accessKeyId), region: c.region ?? null, from: c.sources.join(', ') })),
        skipped: [...scan.problems.map((p) => ({ name: p, reason: 'cannot be read' })), ...plan.skipped],
      });
    },

    'import:run': async (arg) => {
      const names = optStrList(fields(arg, ['names']), 'names') ?? [];
      const saved = deps.vault.list();
      if (!saved.ok) return saved;
      const plan = planImport(scanAwsFiles(deps.env).profiles, saved.value);
      const done = await importCandidates(deps.vault, plan.candidates.filter((c) => names.includes(c.name)));
      if (!done.ok) return done;
      const notCandidates = names
        .filter((n) => !plan.candidates.some((c) => c.name === n))
        .map((name) => ({ name, reason: plan.skipped.find((s) => s.name === name)?.reason ?? 'not in the AWS files' }));
      return ok({ imported: done.value.imported.map((c) => c.name), skipped: [...notCandidates, ...done.value.skipped] });
    },
  };
}
