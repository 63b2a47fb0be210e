/** Handlers for the STS tools and the temporary credentials they return (held in main, under a handle). */
import type { Channel, Response } from '../../shared/contract.js';
import type { TempCredsView } from '../../shared/model.js';
import { inputFailure, type Failure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import * as sts from '../core/aws/sts.js';
import { maskKeyId } from '../core/keys/key-id.js';
import type { HandlerContext, Reply } from './handler-context.js';
import { fields, oneOf, optInt, optStr, str } from './guards.js';
import { formatCredentials } from './temp-creds.js';
import { profileView } from '../core/views.js';

export type StsChannel = Extract<Channel, `sts:${string}` | `temp:${string}`>;

export function stsHandlers({ deps, temp, client, withProfile }: HandlerContext): { readonly [C in StsChannel]: (o: unknown) => Promise<Response<C>> } {
  /** Holds temporary credentials and answers with whose they are. */
  const hold = async <T extends { readonly Credentials: sts.TemporaryCredentials }>(
    out: Result<{ readonly value: T }, Failure>,
    arnOf: (v: Record<string, unknown>) => string | undefined,
    regionName?: string,
  ): Reply<TempCredsView> => {
    if (!out.ok) return out;
    const { Credentials: c, ...details } = out.value.value as T & Record<string, unknown>;
    const credentials = { accessKeyId: c.AccessKeyId.trim(), secretAccessKey: c.SecretAccessKey.trim(), sessionToken: c.SessionToken.trim() };
    const handle = temp.put(credentials, c.Expiration);
    const who = await sts.getCallerIdentity(client(credentials, regionName ? { region: regionName } : {}));
    const identity = who.ok
      ? { Arn: who.value.value.Arn, Account: who.value.value.Account, UserId: who.value.value.UserId }
      : arnOf(details)
        ? { Arn: arnOf(details) as string, Account: null, UserId: null }
        : null;
    return ok({ handle, maskedKeyId: maskKeyId(credentials.accessKeyId), expiration: c.Expiration, identity, details });
  };
  const roleArnOf = (v: Record<string, unknown>) => (v.AssumedRoleUser as { Arn?: string } | undefined)?.Arn;

  /** The temporary credentials a request's handle names, or why there are none. */
  const heldBy = (o: Record<string, unknown>) => {
    const held = temp.get(str(o, 'handle', 64));
    return held ? ok(held) : err(inputFailure('handle', 'Those temporary credentials have expired or were forgotten.', 'Ask for new ones.'));
  };

  return {
    'sts:assume-role': async (arg) => {
      const o = fields(arg, ['profileId', 'roleArn', 'sessionName', 'durationSeconds', 'externalId', 'serialNumber', 'tokenCode', 'policy']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.assumeRole(client(c, { profileRegion: p.region }), {
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
        const out = await sts.getSessionToken(client(c, { profileRegion: p.region }), { DurationSeconds: optInt(o, 'durationSeconds'), SerialNumber: optStr(o, 'serialNumber', 256), TokenCode: optStr(o, 'tokenCode', 6) });
        return hold(out, () => undefined, p.region);
      });
    },

    'sts:federation-token': async (arg) => {
      const o = fields(arg, ['profileId', 'name', 'durationSeconds', 'policy']);
      return withProfile(str(o, 'profileId', 64), async (p, c) => {
        const out = await sts.getFederationToken(client(c, { profileRegion: p.region }), { Name: str(o, 'name', 32).trim(), DurationSeconds: optInt(o, 'durationSeconds'), Policy: optStr(o, 'policy', 2048) });
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
        const out = await sts.decodeAuthorizationMessage(client(c, { profileRegion: p.region }), str(o, 'encodedMessage', 10240).trim());
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
        const out = await sts.getAccessKeyInfo(client(c, { profileRegion: p.region }), str(o, 'accessKeyId', 128).trim());
        return out.ok ? ok({ account: out.value.value.Account }) : out;
      });
    },

    'temp:reveal': async (arg) => {
      const held = heldBy(fields(arg, ['handle']));
      if (!held.ok) return held;
      const c = held.value.credentials;
      return ok({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });
    },

    'temp:copy': async (arg) => {
      const o = fields(arg, ['handle', 'format']);
      const held = heldBy(o);
      if (!held.ok) return held;
      return ok({ text: formatCredentials(held.value, oneOf(o, 'format', ['env', 'credentials-file', 'credential-process'] as const)) });
    },

    'temp:save': async (arg) => {
      const o = fields(arg, ['handle', 'name']);
      const held = heldBy(o);
      if (!held.ok) return held;
      const added = await deps.vault.add({ name: str(o, 'name', 64).trim(), ...held.value.credentials, expiration: held.value.expiration, source: 'manual' });
      if (!added.ok) return added;
      temp.forget(str(o, 'handle', 64)); // saved: the renderer never receives this secret again
      return ok(profileView(added.value));
    },
  };
}
