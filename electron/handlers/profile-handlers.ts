/** Handlers for saved profiles, checks and rechecks (imports are in import-handlers.ts). */
import type { Channel, Response } from '../../shared/contract.js';
import { inputFailure } from '../../shared/failure.js';
import { errorView } from '../../shared/model.js';
import { err, ok } from '../../shared/result.js';
import type { Credentials } from '../core/aws/model.js';
import { checkAndRecord, checkProfile, chooseProfiles } from '../core/checks.js';
import { analyzeKeyId } from '../core/keys/key-id.js';
import { checkRecord } from '../core/vault/profiles.js';
import { verifyCredential } from '../core/verify.js';
import { profileDetailView, profileView } from '../core/views.js';
import type { HandlerContext } from './handler-context.js';
import { fields, optBool, optStr, optStrList, str } from './guards.js';
import { startRecheck } from './recheck-job.js';

export type ProfileChannel = Exclude<Channel, `sts:${string}` | `temp:${string}` | `import:${string}`>;

export function profileHandlers(context: HandlerContext): { readonly [C in ProfileChannel]: (o: unknown) => Promise<Response<C>> } {
  const { deps, jobs, checks, client, verifyProfile, profileById, region } = context;
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
      const report = await verifyCredential(client(credentials, r ? { region: r } : {}), credentials, { lastUsed: true });
      return ok({ report, checkId: checks.remember(credentials, r, report) });
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
      return ok(profileDetailView(p.value, has.ok ? has.value : null, has.ok ? null : errorView(has.error)));
    },

    'profiles:add': async (arg) => {
      const o = fields(arg, ['name', 'accessKeyId', 'secretAccessKey', 'sessionToken', 'region', 'notes', 'checkId']);
      const r = region(o);
      const token = optStr(o, 'sessionToken', 4096)?.trim();
      const notes = optStr(o, 'notes', 1000);
      const checkId = optStr(o, 'checkId', 64);
      const credentials: Credentials = { accessKeyId: str(o, 'accessKeyId', 128).trim(), secretAccessKey: str(o, 'secretAccessKey', 256).trim(), ...(token ? { sessionToken: token } : {}) };
      // "Check without saving", then "Save": the check main kept for this exact credential becomes its first, in
      // the same write as the profile.
      const checked = checkId ? checks.find(checkId, credentials, r) : undefined;
      const added = await deps.vault.add({ name: str(o, 'name', 64).trim(), ...credentials, ...(r ? { region: r } : {}), ...(notes ? { notes } : {}), ...(checked ? { check: checkRecord(checked) } : {}), source: 'manual' });
      if (!added.ok) return added;
      if (checkId) checks.forget(checkId);
      return ok(profileView(added.value));
    },

    'profiles:rename': async (arg) => {
      const o = fields(arg, ['id', 'name']);
      const p = profileById(str(o, 'id', 64));
      if (!p.ok) return p;
      const r = deps.vault.rename(p.value.name, str(o, 'name', 64).trim());
      return r.ok ? ok(profileView(r.value)) : r;
    },

    'profiles:set-key': async (arg) => {
      const o = fields(arg, ['id', 'accessKeyId', 'secretAccessKey', 'sessionToken']);
      const p = profileById(str(o, 'id', 64));
      if (!p.ok) return p;
      const token = optStr(o, 'sessionToken', 4096)?.trim();
      const credentials: Credentials = { accessKeyId: str(o, 'accessKeyId', 128).trim(), secretAccessKey: str(o, 'secretAccessKey', 256).trim(), ...(token ? { sessionToken: token } : {}) };
      const r = await deps.vault.setKey(p.value.name, credentials);
      if (!r.ok) return r;
      // The history's checks were of the old key: the new one is checked at once, so the status is about it.
      const profile = r.value.profile;
      const { report, stored } = await checkAndRecord(deps.vault, profile, credentials, verifyProfile);
      return ok({ profile: profileView(stored.ok && stored.value ? stored.value : profile), warning: r.value.warning ?? null, check: report });
    },

    'profiles:remove': async (arg) => {
      const p = profileById(str(fields(arg, ['id']), 'id', 64));
      if (!p.ok) return p;
      const r = await deps.vault.remove(p.value.name);
      return r.ok ? ok({ name: r.value.name }) : r;
    },

    'profiles:verify': async (arg) => {
      const p = profileById(str(fields(arg, ['id']), 'id', 64));
      if (!p.ok) return p;
      const checked = await checkProfile(deps.vault, p.value, verifyProfile);
      if (!checked.ok) return checked;
      // The app shows a check only once it is saved: a store that refused it is the answer.
      return checked.value.stored.ok ? ok(checked.value.report) : checked.value.stored;
    },

    'profiles:recheck': async (arg) => {
      const o = fields(arg, ['ids', 'all']);
      const all = deps.vault.list();
      if (!all.ok) return all;
      const picked = chooseProfiles(all.value, optBool(o, 'all') ? { all: true } : { ids: optStrList(o, 'ids') ?? [] });
      if (!picked.ok) return picked;
      const chosen = picked.value;
      if (chosen.length === 0) return err(inputFailure('ids', 'No profile to recheck.', 'Pick profiles, or recheck all.'));
      return ok({ jobId: startRecheck(context, chosen), total: chosen.length });
    },

    'profiles:recheck-cancel': async (arg) => {
      const job = jobs.get(str(fields(arg, ['jobId']), 'jobId', 64));
      job?.abort();
      return ok({ cancelled: Boolean(job) });
    },
  };
}
