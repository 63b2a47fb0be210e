/** Handlers for the STS tools and the temporary credentials they return (held in main, under a handle). */
import { profileRowView } from '../core/views.js';
import type { Channel, Signer } from '../../shared/contract.js';
import type { TempCredsView } from '../../shared/model.js';
import { inputFailure, type Failure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { QueryClient } from '../core/aws/client.js';
import * as sts from '../core/aws/sts.js';
import { decodedMessageView } from '../core/aws/decoded-message.js';
import { maskKeyId } from '../core/keys/key-id.js';
import type { ChannelHandlers, HandlerContext, Reply } from './handler-context.js';
import { formatCredentials } from './temp-creds.js';

export type StsChannel = Extract<Channel, `sts:${string}` | `temp:${string}`>;

/** The STS tools' handlers and those of the temporary credentials they hold, on parsed requests (requests.ts). */
export function stsHandlers({ deps, temp, pasted, client, withProfile }: HandlerContext): ChannelHandlers<StsChannel> {
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
    const session = client(credentials, regionName ? { region: regionName } : {});
    if (!session.ok) return session;
    const who = await sts.getCallerIdentity(session.value);
    const identity = who.ok
      ? { Arn: who.value.value.Arn, Account: who.value.value.Account, UserId: who.value.value.UserId }
      : arnOf(details)
        ? { Arn: arnOf(details) as string, Account: null, UserId: null }
        : null;
    return ok({ handle, maskedKeyId: maskKeyId(credentials.accessKeyId), expiration: c.Expiration, identity, details });
  };
  const roleArnOf = (v: Record<string, unknown>) => (v.AssumedRoleUser as { Arn?: string } | undefined)?.Arn;

  /**
   * Runs `call` with a client for what signs: a saved profile (its secret from the keychain, its region after the
   * environment's) or a pasted credential main holds. A canary-token account's key is refused unless the person
   * confirmed (allowCanary).
   */
  const asProfile = <T>(signer: Signer, call: (c: QueryClient, region: string | undefined) => Reply<T>, allowCanary?: boolean): Reply<T> => {
    const canary = allowCanary ? { allowCanary } : {};
    if ('credentialHandle' in signer) {
      const c = pasted.get(signer.credentialHandle);
      if (!c) return Promise.resolve(err(inputFailure('credentialHandle', 'The pasted credential is no longer held (the app forgets it after 30 minutes, or when it restarts).', 'Paste the key id and secret again.')));
      const made = client(c, canary);
      return made.ok ? call(made.value, undefined) : Promise.resolve(made);
    }
    return withProfile(signer.profileId, async (p, c) => {
      const made = client(c, { profileRegion: p.region, ...canary });
      return made.ok ? call(made.value, p.region) : made;
    });
  };

  /** A client for the unsigned calls. */
  const unsigned = <T>(call: (c: QueryClient) => Reply<T>): Reply<T> => {
    const made = client(undefined);
    return made.ok ? call(made.value) : Promise.resolve(made);
  };

  /** The temporary credentials a handle names, or why there are none. */
  const heldBy = (handle: string) => {
    const held = temp.get(handle);
    return held ? ok(held) : err(inputFailure('handle', 'Those temporary credentials have expired or were forgotten.', 'Ask for new ones.'));
  };

  return {
    'sts:assume-role': async (req) =>
      asProfile(req, async (c, region) => {
        const out = await sts.assumeRole(c, {
          RoleArn: req.roleArn,
          RoleSessionName: req.sessionName,
          DurationSeconds: req.durationSeconds,
          ExternalId: req.externalId,
          SerialNumber: req.serialNumber,
          TokenCode: req.tokenCode,
          Policy: req.policy,
        });
        return hold(out, roleArnOf, region);
      }, req.allowCanary),

    'sts:session-token': async (req) =>
      asProfile(req, async (c, region) => {
        const out = await sts.getSessionToken(c, { DurationSeconds: req.durationSeconds, SerialNumber: req.serialNumber, TokenCode: req.tokenCode });
        return hold(out, () => undefined, region);
      }, req.allowCanary),

    'sts:federation-token': async (req) =>
      asProfile(req, async (c, region) => {
        const out = await sts.getFederationToken(c, { Name: req.name, DurationSeconds: req.durationSeconds, Policy: req.policy });
        return hold(out, (v) => (v.FederatedUser as { Arn?: string } | undefined)?.Arn, region);
      }, req.allowCanary),

    'sts:web-identity': async (req) =>
      unsigned(async (c) => {
        const out = await sts.assumeRoleWithWebIdentity(c, {
          RoleArn: req.roleArn,
          RoleSessionName: req.sessionName,
          WebIdentityToken: req.token,
          ProviderId: req.providerId,
          DurationSeconds: req.durationSeconds,
        });
        return hold(out, roleArnOf);
      }),

    'sts:saml': async (req) =>
      unsigned(async (c) => {
        const out = await sts.assumeRoleWithSaml(c, { RoleArn: req.roleArn, PrincipalArn: req.principalArn, SAMLAssertion: req.assertion, DurationSeconds: req.durationSeconds });
        return hold(out, roleArnOf);
      }),

    'sts:decode': async (req) =>
      asProfile(req, async (c) => {
        const out = await sts.decodeAuthorizationMessage(c, req.encodedMessage);
        if (!out.ok) return out;
        return ok(decodedMessageView(out.value.value.DecodedMessage));
      }, req.allowCanary),

    'sts:access-key-info': async (req) =>
      asProfile(req, async (c) => {
        const out = await sts.getAccessKeyInfo(c, req.accessKeyId);
        return out.ok ? ok({ account: out.value.value.Account }) : out;
      }, req.allowCanary),

    'temp:reveal': async ({ handle }) => {
      const held = heldBy(handle);
      if (!held.ok) return held;
      const c = held.value.credentials;
      return ok({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });
    },

    'temp:copy': async ({ handle, format }) => {
      const held = heldBy(handle);
      return held.ok ? ok({ text: formatCredentials(held.value, format) }) : held;
    },

    'temp:save': async ({ handle, name }) => {
      const held = heldBy(handle);
      if (!held.ok) return held;
      const added = await deps.vault.add({ name, ...held.value.credentials, expiration: held.value.expiration, source: 'manual' });
      if (!added.ok) return added;
      temp.forget(handle); // saved: the renderer never receives this secret again
      return ok(profileRowView(added.value));
    },
  };
}
