/**
 * The handlers behind every IPC channel, in plain Node: the Electron main process and the e2e harness both bind
 * these. Each one narrows its `unknown` argument, calls the core, and answers with a Result holding no saved secret.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, Events, EventChannel, Response, TempCredsView } from '../../../shared/contract.js';
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { QueryClient } from '../aws/client.js';
import { endpointSettingsFromEnv, validateRegion } from '../aws/endpoints.js';
import type { Credentials } from '../aws/sign.js';
import * as sts from '../aws/sts.js';
import type { Transport } from '../aws/transport.js';
import { analyzeKeyId, maskKeyId } from '../keys/key-id.js';
import { verifyCredential, reportError } from '../verify.js';
import { USER_AGENT } from '../version.js';
import { scanAwsFiles } from '../vault/aws-files.js';
import { checkRecord, type ProfileMeta } from '../vault/profiles.js';
import { recheckProfiles } from '../vault/recheck.js';
import type { Vault } from '../vault/vault.js';
import { BadArgument, fields, oneOf, optInt, optStr, optStrList, optBool, str } from './guards.js';
import { formatCredentials, TempCredsCache } from './temp-creds.js';
import { profileDetailView, profileView } from './views.js';

export interface HandlerDeps {
  readonly vault: Vault;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly transport: Transport;
  readonly emit: <E extends EventChannel>(event: E, payload: Events[E]) => void;
  readonly temp?: TempCredsCache;
}

export type Handlers = { readonly [C in Channel]: (arg: unknown) => Promise<Response<C>> };

type Answer<T> = Promise<Result<T, Failure>>;

/** Builds the handler of every channel. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const temp = deps.temp ?? new TempCredsCache();
  const jobs = new Map<string, AbortController>();

  const client = (credentials: Credentials | undefined, region?: string) =>
    new QueryClient({ transport: deps.transport, endpoints: endpointSettingsFromEnv(deps.env, region ? { region } : {}), userAgent: USER_AGENT }, credentials);

  const profileById = (id: string): Result<ProfileMeta, Failure> => {
    const all = deps.vault.list();
    if (!all.ok) return all;
    const p = all.value.find((x) => x.id === id);
    return p ? ok(p) : err(inputFailure('id', 'That profile no longer exists.', 'Reload the list of profiles.'));
  };

  const withProfile = async <T>(id: string, fn: (p: ProfileMeta, c: Credentials) => Answer<T>): Answer<T> => {
    const p = profileById(id);
    if (!p.ok) return p;
    const c = await deps.vault.credentials(p.value);
    if (!c.ok) return c;
    return fn(p.value, c.value);
  };

  const region = (o: Record<string, unknown>): string | undefined => {
    const r = optStr(o, 'region', 32);
    if (r === undefined) return undefined;
    const checked = validateRegion(r);
    if (!checked.ok) throw new BadArgument(checked.error);
    return r;
  };

  /** Holds temporary credentials and answers with whose they are. */
  const hold = async <T extends { readonly Credentials: sts.TemporaryCredentials }>(
    out: Result<{ readonly value: T }, Failure>,
    arnOf: (v: Record<string, unknown>) => string | undefined,
    regionName?: string,
  ): Answer<TempCredsView> => {
    if (!out.ok) return out;
    const { Credentials: c, ...details } = out.value.value as T & Record<string, unknown>;
    const credentials = { accessKeyId: c.AccessKeyId.trim(), secretAccessKey: c.SecretAccessKey.trim(), sessionToken: c.SessionToken.trim() };
    const handle = temp.put(credentials, c.Expiration);
    const who = await sts.getCallerIdentity(client(credentials, regionName));
    const identity = who.ok
      ? { Arn: who.value.value.Arn, Account: who.value.value.Account, UserId: who.value.value.UserId }
      : arnOf(details)
        ? { Arn: arnOf(details) as string, Account: null, UserId: null }
        : null;
    return ok({ handle, maskedKeyId: maskKeyId(credentials.accessKeyId), expiration: c.Expiration, identity, details });
  };
  const roleArnOf = (v: Record<string, unknown>) => (v.AssumedRoleUser as { Arn?: string } | undefined)?.Arn;

  const impl: { readonly [C in Channel]: (o: unknown) => Promise<Response<C>> } = {
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
          const latest = deps.vault.list();
          const fresh = latest.ok ? (latest.value.find((x) => x.id === item.profile.id) ?? item.profile) : item.profile;
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
      const candidates: Array<{ name: string; maskedKeyId: string; region: string | null; from: string }> = [];
      const skipped: Array<{ name: string; reason: string }> = scan.problems.map((p) => ({ name: p, reason: 'cannot be read' }));
      for (const p of scan.profiles) {
        const same = p.credentials && saved.value.find((x) => x.accessKeyId === p.credentials?.accessKeyId);
        if (!p.credentials) skipped.push({ name: p.name, reason: p.skipped ?? 'no static key' });
        else if (same) skipped.push({ name: p.name, reason: `already saved as "${same.name}"` });
        else if (saved.value.some((x) => x.name === p.name)) skipped.push({ name: p.name, reason: `a profile named "${p.name}" already exists` });
        else candidates.push({ name: p.name, maskedKeyId: maskKeyId(p.credentials.accessKeyId), region: p.region ?? null, from: p.sources.join(', ') });
      }
      return ok({ candidates, skipped });
    },

    'import:run': async (arg) => {
      const names = optStrList(fields(arg, ['names']), 'names') ?? [];
      const scan = scanAwsFiles(deps.env);
      const imported: string[] = [];
      const skipped: Array<{ name: string; reason: string }> = [];
      for (const name of names) {
        const p = scan.profiles.find((x) => x.name === name);
        if (!p?.credentials) {
          skipped.push({ name, reason: p?.skipped ?? 'not in the AWS files' });
          continue;
        }
        const added = await deps.vault.add({ name, ...p.credentials, ...(p.region ? { region: p.region } : {}), source: 'aws-files' });
        if (added.ok) imported.push(name);
        else if (added.error.kind === 'keychain' || added.error.kind === 'storage') return added;
        else skipped.push({ name, reason: added.error.message });
      }
      return ok({ imported, skipped });
    },

    'sts:assume-role': async (arg) => {
      const o = fields(arg, ['profileId', 'roleArn', 'sessionName', 'durationSeconds', 'externalId', 'serialNumber', 'tokenCode', 'policy']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.assumeRole(client(c, p.region), {
          RoleArn: str(o, 'roleArn', 2048).trim(),
          RoleSessionName: str(o, 'sessionName', 64).trim(),
          DurationSeconds: optInt(o, 'durationSeconds'),
          ExternalId: optStr(o, 'externalId', 1224),
          SerialNumber: optStr(o, 'serialNumber', 256),
          TokenCode: optStr(o, 'tokenCode', 6),
          Policy: optStr(o, 'policy', 2048),
        });
        return hold(out, roleArnOf, p.region);
      });
    },

    'sts:session-token': async (arg) => {
      const o = fields(arg, ['profileId', 'durationSeconds', 'serialNumber', 'tokenCode']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.getSessionToken(client(c, p.region), { DurationSeconds: optInt(o, 'durationSeconds'), SerialNumber: optStr(o, 'serialNumber', 256), TokenCode: optStr(o, 'tokenCode', 6) });
        return hold(out, () => undefined, p.region);
      });
    },

    'sts:federation-token': async (arg) => {
      const o = fields(arg, ['profileId', 'name', 'durationSeconds', 'policy']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.getFederationToken(client(c, p.region), { Name: str(o, 'name', 32).trim(), DurationSeconds: optInt(o, 'durationSeconds'), Policy: optStr(o, 'policy', 2048) });
        return hold(out, (v) => (v.FederatedUser as { Arn?: string } | undefined)?.Arn, p.region);
      });
    },

    'sts:web-identity': async (arg) => {
      const o = fields(arg, ['roleArn', 'sessionName', 'token', 'providerId', 'durationSeconds']);
      const out = await sts.assumeRoleWithWebIdentity(client(undefined), {
        RoleArn: str(o, 'roleArn', 2048).trim(),
        RoleSessionName: str(o, 'sessionName', 64).trim(),
        WebIdentityToken: str(o, 'token', 20000).trim(),
        ProviderId: optStr(o, 'providerId', 2048),
        DurationSeconds: optInt(o, 'durationSeconds'),
      });
      return hold(out, roleArnOf);
    },

    'sts:saml': async (arg) => {
      const o = fields(arg, ['roleArn', 'principalArn', 'assertion', 'durationSeconds']);
      const out = await sts.assumeRoleWithSaml(client(undefined), {
        RoleArn: str(o, 'roleArn', 2048).trim(),
        PrincipalArn: str(o, 'principalArn', 2048).trim(),
        SAMLAssertion: str(o, 'assertion', 100000).trim(),
        DurationSeconds: optInt(o, 'durationSeconds'),
      });
      return hold(out, roleArnOf);
    },

    'sts:decode': async (arg) => {
      const o = fields(arg, ['profileId', 'encodedMessage']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.decodeAuthorizationMessage(client(c, p.region), str(o, 'encodedMessage', 10240).trim());
        if (!out.ok) return out;
        const raw = out.value.value.DecodedMessage;
        let decoded: unknown = raw;
        try {
          decoded = JSON.parse(raw);
        } catch {
          // not JSON: shown as text
        }
        return ok({ decoded, raw });
      });
    },

    'sts:access-key-info': async (arg) => {
      const o = fields(arg, ['profileId', 'accessKeyId']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.getAccessKeyInfo(client(c, p.region), str(o, 'accessKeyId', 128).trim());
        return out.ok ? ok({ account: out.value.value.Account }) : out;
      });
    },

    'temp:reveal': async (arg) => {
      const held = temp.get(str(fields(arg, ['handle']), 'handle', 64));
      if (!held) return err(inputFailure('handle', 'Those temporary credentials have expired or were forgotten.', 'Ask for new ones.'));
      const c = held.credentials;
      return ok({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });
    },

    'temp:copy': async (arg) => {
      const o = fields(arg, ['handle', 'format']);
      const held = temp.get(str(o, 'handle', 64));
      if (!held) return err(inputFailure('handle', 'Those temporary credentials have expired or were forgotten.', 'Ask for new ones.'));
      return ok({ text: formatCredentials(held, oneOf(o, 'format', ['env', 'credentials-file', 'credential-process'] as const)) });
    },

    'temp:save': async (arg) => {
      const o = fields(arg, ['handle', 'name']);
      const held = temp.get(str(o, 'handle', 64));
      if (!held) return err(inputFailure('handle', 'Those temporary credentials have expired or were forgotten.', 'Ask for new ones.'));
      const handle = str(o, 'handle', 64);
      const added = await deps.vault.add({ name: str(o, 'name', 64).trim(), ...held.credentials, expiration: held.expiration, source: 'manual' });
      if (!added.ok) return added;
      temp.forget(handle); // saved: the renderer never receives this secret again
      return ok(profileView(added.value));
    },
  };

  // Every handler: a malformed argument becomes an input failure; nothing else throws past here.
  const wrapped = {} as Record<Channel, (arg: unknown) => Promise<Result<unknown, Failure>>>;
  for (const [channel, fn] of Object.entries(impl) as Array<[Channel, (arg: unknown) => Promise<Result<unknown, Failure>>]>) {
    wrapped[channel] = async (arg: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        if (e instanceof BadArgument) return err(e.failure);
        return err({ kind: 'input', category: 'service', message: `keyscope failed while handling ${channel}.`, hint: 'This is a bug: please report it with what you did.' } as Failure);
      }
    };
  }
  return wrapped as unknown as Handlers;
}
