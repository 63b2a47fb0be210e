/** Handlers for saved profiles, checks, rechecks and imports. */
import { randomUUID } from 'node:crypto';
import type { Channel, Response } from '../../../shared/contract.js';
import { inputFailure } from '../../../shared/failure.js';
import { err, ok } from '../../../shared/result.js';
import type { Credentials } from '../aws/sign.js';
import { analyzeKeyId, maskKeyId } from '../keys/key-id.js';
import { reportError, verifyCredential } from '../verify.js';
import { scanAwsFiles } from '../vault/aws-files.js';
import { checkRecord, withCheck } from '../vault/profiles.js';
import { importCandidates, planImport } from '../vault/import-plan.js';
import { recheckProfiles } from '../vault/recheck.js';
import type { HandlerContext } from './context.js';
import { fields, optBool, optStr, optStrList, str } from './guards.js';
import { profileDetailView, profileView } from './views.js';

export type ProfileChannel = Exclude<Channel, `sts:${string}` | `temp:${string}`>;

export function profileHandlers({ deps, jobs, client, profileById, withProfile, region }: HandlerContext): { readonly [C in ProfileChannel]: (o: unknown) => Promise<Response<C>> } {
  return {
    'keys:inspect': async (arg) => ok(analyzeKeyId(str(fields(arg, ['keyId']), 'keyId', 256))),

    'creds:check': async (arg) => {
      const o = fields(arg, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'region']);
      const credentials: Credentials = {
        accessKeyId: str(o, 'accessKeyId', 128).trim(),
        secretAccessKey: str(o, 'secretAccessKey', 256).trim(),
        ...(optStr(o, 'sessionToken', 4096) ? { sessionToken: (optStr(o, 'sessionToken', 4096) as string).trim() } : {}),
      };
      const r = region(o);
      return ok(await verifyCredential(client(credentials, r), credentials, { lastUsed: true }));
    },

    'profiles:list': async (arg) => {
      fields(arg, []);
      const all = deps.vault.list();
      return all.ok ? ok(all.value.map(profileView)) : all;
    },

    'profiles:get': async (arg) => {
      const p = profileById(str(fields(arg, ['id']), 'id', 64));
      if (!p.ok) return p;
      const has = await deps.vault.hasSecret(p.value);
      return ok(profileDetailView(p.value, has.ok ? has.value : null));
    },

    'profiles:add': async (arg) => {
      const o = fields(arg, ['name', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'region', 'notes']);
      const r = region(o);
      const token = optStr(o, 'sessionToken', 4096)?.trim();
      const notes = optStr(o, 'notes', 1000);
      const added = await deps.vault.add({
        name: str(o, 'name', 64).trim(),
        accessKeyId: str(o, 'accessKeyId', 128).trim(),
        secretAccessKey: str(o, 'secretAccessKey', 256).trim(),
        ...(token ? { sessionToken: token } : {}),
        ...(r ? { region: r } : {}),
        ...(notes ? { notes } : {}),
        source: 'manual',
      });
      return added.ok ? ok(profileView(added.value)) : added;
    },

    'profiles:rename': async (arg) => {
      const o = fields(arg, ['id', 'name']);
      const p = profileById(str(o, 'id', 64));
      if (!p.ok) return p;
      const r = deps.vault.rename(p.value.name, str(o, 'name', 64).trim());
      return r.ok ? ok(profileView(r.value)) : r;
    },

    'profiles:remove': async (arg) => {
      const p = profileById(str(fields(arg, ['id']), 'id', 64));
      if (!p.ok) return p;
      const r = await deps.vault.remove(p.value.name);
      return r.ok ? ok({ name: r.value.name }) : r;
    },

    'profiles:verify': async (arg) =>
      withProfile(str(fields(arg, ['id']), 'id', 64), async (p, c) => {
        const report = await verifyCredential(client(c, p.region), c, { lastUsed: true });
        const stored = deps.vault.recordCheck(p.id, checkRecord(report));
        if (!stored.ok) return stored;
        return ok(report);
      }),

    'profiles:recheck': async (arg) => {
      const o = fields(arg, ['ids', 'all']);
      const all = deps.vault.list();
      if (!all.ok) return all;
      const ids = optStrList(o, 'ids');
      const chosen = optBool(o, 'all') ? [...all.value] : all.value.filter((p) => ids?.includes(p.id));
      if (chosen.length === 0) return err(inputFailure('ids', 'No profile to recheck.', 'Pick profiles, or recheck all.'));
      const jobId = randomUUID();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      void recheckProfiles(deps.vault, chosen, {
        signal: controller.signal,
        check: (c, p) => verifyCredential(client(c, p.region), c, { lastUsed: true }),
        onProgress: ({ done, total, item }) => {
          // The profile as it is stored once this check is recorded, without reading the store per result.
          const fresh = 'record' in item ? withCheck(item.profile, item.record) : item.profile;
          deps.emit('recheck:progress', {
            jobId,
            done,
            total,
            profile: profileView(fresh),
            error: 'failure' in item ? reportError(item.failure) : (item.record.error ?? null),
          });
        },
      }).then((result) => {
        jobs.delete(jobId);
        deps.emit('recheck:done', { jobId, checked: result.items.length, total: chosen.length, cancelled: result.cancelled });
      });
      return ok({ jobId, total: chosen.length });
    },

    'profiles:recheck-cancel': async (arg) => {
      const job = jobs.get(str(fields(arg, ['jobId']), 'jobId', 64));
      job?.abort();
      return ok({ cancelled: Boolean(job) });
    },

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
