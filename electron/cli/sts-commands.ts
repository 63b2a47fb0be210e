/**
 * The `sts` and `iam` subcommands as data: each one's AWS CLI name, flags, and the call it makes from them (flags
 * read as the AWS CLI reads them: file:// parameters, shorthand lists). cli/sts.ts adds them to the program.
 */
import type { Failure } from '../../shared/failure.js';
import type { Result } from '../../shared/result.js';
import type { QueryClient } from '../core/aws/client.js';
import { getAccessKeyLastUsed } from '../core/aws/iam.js';
import type { QueryAnswer } from '../core/aws/model.js';
import * as sts from '../core/aws/sts.js';
import { intValue, jsonKind, paramValue, structList } from './args.js';
import { UsageError } from './io.js';

/** One call, from the client and the parsed flags (file:// values read: readFileValues). */
export type Call = (client: QueryClient, flags: Record<string, unknown>) => Promise<Result<QueryAnswer<unknown>, Failure>>;

/**
 * The most characters each parameter can hold (the STS and IAM API references), so that a larger file:// file is
 * refused unread; another parameter's file (--tags, --policy-arns) is read up to 1 MiB.
 */
const PARAM_LIMITS: Readonly<Record<string, number>> = {
  '--role-arn': 2048,
  '--role-session-name': 64,
  '--principal-arn': 2048,
  '--name': 32,
  '--external-id': 1224,
  '--source-identity': 64,
  '--provider-id': 2048,
  '--access-key-id': 128,
  '--transitive-tag-keys': 128,
  '--duration-seconds': 12,
  '--policy': 2048,
  '--serial-number': 256,
  '--token-code': 6,
  '--web-identity-token': 20000,
  '--saml-assertion': 100000,
  '--encoded-message': 10240,
};

/**
 * The flags with every `file://path` value read, as the AWS CLI reads any parameter's (a list's when it is the list's
 * one item: --tags file://tags.json): once, so a file that holds file:// text is that text. `options` pairs each
 * flag with the name its value has in `flags`.
 */
export function readFileValues(flags: Readonly<Record<string, unknown>>, options: ReadonlyArray<readonly [string, string]>, env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const read: Record<string, unknown> = { ...flags };
  for (const [flag, name] of options) {
    const value = flags[name];
    if (typeof value === 'string') read[name] = paramValue(flag, value, PARAM_LIMITS[flag], env);
    else if (Array.isArray(value) && value.length === 1) read[name] = [paramValue(flag, value[0] as string, PARAM_LIMITS[flag], env)];
  }
  return read;
}
const text = (flags: Record<string, unknown>, name: string) => flags[name] as string | undefined;
/**
 * The items of a list flag, each holding exactly `members` (the API's structure), as the AWS CLI checks them: a
 * misspelt member (Vaule=) was dropped without a word and the item sent without it.
 */
function items<M extends string>(flag: string, values: readonly string[] | undefined, what: string, members: readonly M[], example: string): Array<Record<M, string>> | undefined {
  const list = structList(flag, values);
  list?.forEach((item, i) => {
    const hint = `Write each item as ${example}.`;
    const stray = Object.keys(item).find((k) => !(members as readonly string[]).includes(k));
    if (stray !== undefined) throw new UsageError(`${flag} item ${i + 1} has ${stray}, which ${what} does not: ${what} has ${members.join(' and ')}.`, hint);
    const missing = members.find((m) => item[m] === undefined);
    if (missing !== undefined) throw new UsageError(`${flag} item ${i + 1} has no ${missing}.`, hint);
    // JSON's null, numbers and true were sent as the text "null", "5", "true"; the AWS CLI refuses them, as here.
    const notText = members.find((m) => typeof item[m] !== 'string');
    if (notText !== undefined) throw new UsageError(`${flag} item ${i + 1}: ${notText} is ${jsonKind(item[notText])}, not text in quotes.`, hint);
  });
  return list as Array<Record<M, string>> | undefined; // each item was checked above to hold exactly `members`, as text
}
const policyArns = (flags: Record<string, unknown>) =>
  items('--policy-arns', flags.policyArns as string[] | undefined, 'a policy ARN', ['arn'], 'arn=arn:aws:iam::aws:policy/Name')?.map((x) => x.arn);
const tags = (flags: Record<string, unknown>) =>
  items('--tags', flags.tags as string[] | undefined, 'a tag', ['Key', 'Value'], 'Key=name,Value=text')?.map((x) => ({ Key: x.Key, Value: x.Value }));
const mfa = (flags: Record<string, unknown>) => ({ SerialNumber: text(flags, 'serialNumber'), TokenCode: text(flags, 'tokenCode') });
const MFA_OPTIONS = [
  ['--serial-number <arn>', 'the MFA device'],
  ['--token-code <code>', 'the MFA code'],
] as const;

/**
 * --serial-number and --token-code each need the other, said by the flags' names before a credential is looked for
 * (a role profile could ask for its own MFA code first): the core's check names the parameters ("TokenCode is required").
 */
export function checkMfaFlags(flags: Readonly<Record<string, unknown>>): void {
  const hint = 'AWS checks the code against the device named';
  if (flags.serialNumber !== undefined && flags.tokenCode === undefined)
    throw new UsageError('--serial-number needs --token-code (the code the MFA device shows now).', `${hint}: add --token-code, or leave out --serial-number to call without MFA.`);
  if (flags.tokenCode !== undefined && flags.serialNumber === undefined)
    throw new UsageError("--token-code needs --serial-number (the MFA device's ARN, or a hardware device's serial number).", `${hint}, and refuses a code alone: add --serial-number.`);
}
const duration = (flags: Record<string, unknown>) => intValue('--duration-seconds', flags.durationSeconds as string | undefined);

/** One subcommand: its AWS CLI name, flags, and the call it makes. */
export interface CommandSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly signed: boolean;
  /** Flags, help and whether the flag is required (said by commander, naming it, when left out). */
  readonly options: ReadonlyArray<readonly [string, string, boolean?]>;
  readonly call: Call;
}

/** A flag the call cannot go without: "(required)" in its help, and commander names it when it is left out. */
const required = (flags: string, help: string) => [flags, `${help} (required)`, true] as const;

const POLICY_OPTIONS = [
  ['--policy <json>', 'an inline session policy (JSON, or file://path)'],
  ['--policy-arns <arn=ARN...>', 'managed session policies: arn=ARN items, or JSON'],
  ['--duration-seconds <n>', 'how long the credentials last'],
] as const;

const TAGS_OPTION = ['--tags <Key=k,Value=v...>', 'session tags: shorthand items, or JSON'] as const;

/** `keyscope sts …`. */
export const STS_COMMANDS: readonly CommandSpec[] = [
  { name: 'get-caller-identity', title: 'GetCallerIdentity', description: 'who the credential is', signed: true, options: [], call: (c) => sts.getCallerIdentity(c) },
  {
    name: 'get-access-key-info',
    title: 'GetAccessKeyInfo',
    description: 'the account that owns an access key id',
    signed: true,
    options: [required('--access-key-id <id>', 'the key id to look up')],
    call: (c, f) => sts.getAccessKeyInfo(c, (f.accessKeyId as string | undefined) ?? ''),
  },
  {
    name: 'assume-role',
    title: 'AssumeRole',
    description: 'temporary credentials for a role',
    signed: true,
    options: [
      required('--role-arn <arn>', 'the role to assume'),
      required('--role-session-name <name>', 'a name for the session'),
      ...POLICY_OPTIONS,
      ['--external-id <id>', 'the external id the trust policy asks for'],
      ...MFA_OPTIONS,
      TAGS_OPTION,
      ['--transitive-tag-keys <key...>', 'tag keys that pass on through role chaining'],
      ['--source-identity <name>', 'the source identity to set'],
    ],
    call: (c, f) =>
      sts.assumeRole(c, {
        RoleArn: (f.roleArn as string | undefined) ?? '',
        RoleSessionName: (f.roleSessionName as string | undefined) ?? '',
        DurationSeconds: duration(f),
        ExternalId: f.externalId as string | undefined,
        Policy: text(f, 'policy'),
        PolicyArns: policyArns(f),
        ...mfa(f),
        Tags: tags(f),
        TransitiveTagKeys: f.transitiveTagKeys as string[] | undefined,
        SourceIdentity: f.sourceIdentity as string | undefined,
      }),
  },
  {
    name: 'get-session-token',
    title: 'GetSessionToken',
    description: 'temporary credentials for this user, with MFA if given',
    signed: true,
    options: [
      ['--duration-seconds <n>', 'how long the credentials last (900 to 129600)'],
      ...MFA_OPTIONS,
    ],
    call: (c, f) => sts.getSessionToken(c, { DurationSeconds: duration(f), ...mfa(f) }),
  },
  {
    name: 'get-federation-token',
    title: 'GetFederationToken',
    description: 'temporary credentials for a federated user',
    signed: true,
    options: [required('--name <name>', 'the federated user\'s name'), ...POLICY_OPTIONS, TAGS_OPTION],
    call: (c, f) =>
      sts.getFederationToken(c, { Name: (f.name as string | undefined) ?? '', Policy: text(f, 'policy'), PolicyArns: policyArns(f), DurationSeconds: duration(f), Tags: tags(f) }),
  },
  {
    name: 'assume-role-with-web-identity',
    title: 'AssumeRoleWithWebIdentity',
    description: 'temporary credentials for a role, from an OIDC token (unsigned)',
    signed: false,
    options: [
      required('--role-arn <arn>', 'the role to assume'),
      required('--role-session-name <name>', 'a name for the session'),
      required('--web-identity-token <token>', 'the OIDC token (or file://path)'),
      ['--provider-id <id>', 'the OAuth 2.0 provider, for non-OIDC tokens'],
      ...POLICY_OPTIONS,
    ],
    call: (c, f) =>
      sts.assumeRoleWithWebIdentity(c, {
        RoleArn: (f.roleArn as string | undefined) ?? '',
        RoleSessionName: (f.roleSessionName as string | undefined) ?? '',
        WebIdentityToken: text(f, 'webIdentityToken')?.trim() ?? '',
        ProviderId: f.providerId as string | undefined,
        Policy: text(f, 'policy'),
        PolicyArns: policyArns(f),
        DurationSeconds: duration(f),
      }),
  },
  {
    name: 'assume-role-with-saml',
    title: 'AssumeRoleWithSAML',
    description: 'temporary credentials for a role, from a SAML assertion (unsigned)',
    signed: false,
    options: [
      required('--role-arn <arn>', 'the role to assume'),
      required('--principal-arn <arn>', 'the SAML provider in IAM'),
      required('--saml-assertion <base64>', 'the base64 SAML response (or file://path)'),
      ...POLICY_OPTIONS,
    ],
    call: (c, f) =>
      sts.assumeRoleWithSaml(c, {
        RoleArn: (f.roleArn as string | undefined) ?? '',
        PrincipalArn: (f.principalArn as string | undefined) ?? '',
        SAMLAssertion: text(f, 'samlAssertion')?.trim() ?? '',
        Policy: text(f, 'policy'),
        PolicyArns: policyArns(f),
        DurationSeconds: duration(f),
      }),
  },
  {
    name: 'decode-authorization-message',
    title: 'DecodeAuthorizationMessage',
    description: 'what an encoded authorization failure says',
    signed: true,
    options: [required('--encoded-message <message>', 'the encoded message (or file://path)')],
    call: (c, f) => sts.decodeAuthorizationMessage(c, text(f, 'encodedMessage')?.trim() ?? ''),
  },
];

/** `keyscope iam …`. */
export const IAM_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'get-access-key-last-used',
    title: 'GetAccessKeyLastUsed',
    description: 'when, where and with which service a key was last used',
    signed: true,
    options: [required('--access-key-id <id>', 'the key id')],
    call: (c, f) => getAccessKeyLastUsed(c, (f.accessKeyId as string | undefined) ?? ''),
  },
];
