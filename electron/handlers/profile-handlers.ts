/** Handlers for saved profiles, checks and rechecks (imports are in import-handlers.ts). */
import type { Channel } from '../../shared/contract.js';
import { credentialProblems } from '../../shared/credential-rules.js';
import { inputFailure } from '../../shared/failure.js';
import { errorView } from '../../shared/model.js';
import { nameKey, sortByName } from '../../shared/name-order.js';
import { err, ok } from '../../shared/result.js';
import { leaveOutNulls } from '../../shared/sparse.js';
import type { Credentials } from '../core/aws/model.js';
import { checkAndRecord, checkProfile, chooseProfiles } from '../core/checks.js';
import { analyzeKeyId } from '../core/keys/key-id.js';
import { checkRecord } from '../core/vault/profiles.js';
import { verifyCredential } from '../core/verify.js';
import { profileDetailView, profileRowView, profileView } from '../core/views.js';
import type { ChannelHandlers, HandlerContext } from './handler-context.js';
import { startRecheck } from './recheck-job.js';

export type ProfileChannel = Exclude<Channel, `sts:${string}` | `temp:${string}` | `import:${string}` | `review:${string}` | `bulk:${string}` | 'creds:hold'>;

/** The handlers of saved profiles and checks, on parsed requests (requests.ts). */
export function profileHandlers(context: HandlerContext): ChannelHandlers<ProfileChannel> {
  const { deps, jobs, checks, client, verifyProfile, verifyProfileWith, profileById } = context;
  return {
    'keys:inspect': async ({ keyId }) => ok(analyzeKeyId(keyId)),

    'creds:check': async ({ region, allowCanary, ...credentials }) => {
      // The rules saving applies (the form applies them as you type; main does not take the window's word for it).
      const [problem] = credentialProblems(credentials);
      if (problem) return err(inputFailure(problem.field, problem.message, problem.hint));
      const made = client(credentials, { ...(region ? { region } : {}), ...(allowCanary ? { allowCanary } : {}) });
      if (!made.ok) return made;
      const report = await verifyCredential(made.value, credentials, { lastUsed: true });
      return ok({ report, checkId: checks.remember(credentials, region, report) });
    },

    'profiles:list': async () => {
      // In name order, the list's first order: the page shows it as it comes for "Sort by name", with no sort of its
      // own before 1,000 rows can show.
      const all = deps.vault.list();
      // Each row without its null members (shared/sparse.ts): 1,000 never-checked rows are 314 KB of JSON with them.
      return all.ok ? ok(sortByName(all.value.map(profileRowView), nameKey).map(leaveOutNulls)) : all;
    },

    'profiles:get': async ({ id }) => {
      const p = profileById(id);
      if (!p.ok) return p;
      const has = await deps.vault.hasSecret(p.value);
      return ok(profileDetailView(p.value, has.ok ? has.value : null, has.ok ? null : errorView(has.error)));
    },

    'profiles:add': async ({ checkId, ...profile }) => {
      const { accessKeyId, secretAccessKey, sessionToken, region } = profile;
      const credentials: Credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
      // "Check without saving", then "Save": the check main kept for this exact credential becomes its first, in
      // the same write as the profile.
      const checked = checkId ? checks.find(checkId, credentials, region) : undefined;
      const added = await deps.vault.add({ ...profile, ...(checked ? { check: checkRecord(checked) } : {}), source: 'manual' });
      if (!added.ok) return added;
      if (checkId) checks.forget(checkId);
      return ok(profileView(added.value));
    },

    'profiles:rename': async ({ id, name }) => {
      const p = profileById(id);
      if (!p.ok) return p;
      const r = await deps.vault.rename(p.value.name, name);
      return r.ok ? ok(profileView(r.value)) : r;
    },

    'profiles:set-notes': async ({ id, notes }) => {
      const p = profileById(id);
      if (!p.ok) return p;
      const r = deps.vault.setNotes(p.value.name, notes);
      return r.ok ? ok(profileRowView(r.value)) : r;
    },

    // Key ids are not secret: the list masks them, and this gives the whole id of one on request ("Show", copy).
    'profiles:key-id': async ({ id }) => {
      const p = profileById(id);
      return p.ok ? ok({ accessKeyId: p.value.accessKeyId }) : p;
    },

    'profiles:set-key': async ({ id, ...credentials }) => {
      const p = profileById(id);
      if (!p.ok) return p;
      const r = await deps.vault.setKey(p.value.name, credentials);
      if (!r.ok) return r;
      // The history's checks were of the old key: the new one is checked at once, so the status is about it.
      const profile = r.value.profile;
      const { report, stored } = await checkAndRecord(deps.vault, profile, credentials, verifyProfile);
      return ok({ profile: profileView(stored.ok && stored.value ? stored.value : profile), warning: r.value.warning ?? null, check: report });
    },

    'profiles:remove': async ({ id }) => {
      const p = profileById(id);
      if (!p.ok) return p;
      const r = await deps.vault.remove(p.value.name);
      return r.ok ? ok({ name: r.value.profile.name, warning: r.value.warning ?? null }) : r;
    },

    'profiles:verify': async ({ id, allowCanary }) => {
      const p = profileById(id);
      if (!p.ok) return p;
      const checked = await checkProfile(deps.vault, p.value, allowCanary ? verifyProfileWith(true) : verifyProfile);
      // The app shows a check only once it is saved: a store that refused it is the answer.
      return checked.stored.ok ? ok(checked.report) : checked.stored;
    },

    'profiles:recheck': async (req) => {
      const all = deps.vault.list();
      if (!all.ok) return all;
      const picked = chooseProfiles(all.value, req.all ? { all: true } : { ids: req.ids ?? [] });
      if (!picked.ok) return picked;
      const chosen = picked.value;
      if (chosen.length === 0) return err(inputFailure('ids', 'No profile to recheck.', 'Pick profiles, or recheck all.'));
      return ok({ jobId: startRecheck(req.allowCanary ? { ...context, verifyProfile: verifyProfileWith(true) } : context, chosen), total: chosen.length });
    },

    'profiles:recheck-cancel': async ({ jobId }) => {
      const job = jobs.get(jobId);
      job?.abort();
      return ok({ cancelled: Boolean(job) });
    },
  };
}
