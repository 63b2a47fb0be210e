/**
 * The request parser of every channel: the `unknown` argument a window sent, as the contract's request type, or the
 * input failure at fault. Text is trimmed where a paste may carry spaces; lengths are capped here, the credential
 * rules themselves are the vault's (shared/credential-rules.ts). A new channel needs its parser here: REQUESTS is
 * typed by the contract, so the compiler asks for it.
 */
import { validateRegion } from '../core/aws/endpoints.js';
import { BULK_MAX_BYTES } from '../../shared/bulk-model.js';
import { inputFailure } from '../../shared/failure.js';
import { readRequest, type FieldReader, type RequestParsers } from './guards.js';
import { REVIEW_REQUESTS } from './review-requests.js';

/** The optional region, checked for its shape. */
function region(read: FieldReader): { region?: string } {
  const r = read.optStr('region', 32);
  if (r === undefined) return {};
  const checked = validateRegion(r);
  if (!checked.ok) read.refuse(checked.error);
  return { region: r };
}

/**
 * The longest session token read. AWS gives a token no fixed size and asks callers to assume none; the ones it issues
 * run to a few thousand characters (session policies and tags make them longer), and the command line takes any.
 */
export const MAX_SESSION_TOKEN = 65_536;
const tokenTooLong = (length: number) =>
  inputFailure('sessionToken', `The session token is ${length} characters long: keyscope takes at most ${MAX_SESSION_TOKEN}.`, 'Paste only the session token, as AWS issued it: it holds no spaces or line breaks.');

/** A key id, secret and optional session token, trimmed; a token of spaces is no token. */
function credential(read: FieldReader): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  // A token past the bound is a paste gone wrong: said in words, not as the reader's "a bug in the caller".
  const given = read.optStr('sessionToken', Number.POSITIVE_INFINITY);
  if (given !== undefined && given.length > MAX_SESSION_TOKEN) read.refuse(tokenTooLong(given.length));
  const token = given?.trim();
  return { accessKeyId: read.str('accessKeyId', 128).trim(), secretAccessKey: read.str('secretAccessKey', 256).trim(), ...(token ? { sessionToken: token } : {}) };
}

const CREDENTIAL_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const;

/**
 * How much of a field a person types is read, for a field whose limit the core checks in its own words ("RoleSessionName
 * is too long: 65 characters, at most 64 allowed", "… cannot be a profile name"): beyond that limit, so that those
 * words are what the person reads. A cap at the limit itself refused first, as "a bug in the caller".
 */
const beyond = (limit: number) => limit * 4;

/** A person's consent to sign with a canary-token account's key, given only after the app's confirmation. */
function canary(read: FieldReader): { allowCanary?: true } {
  return read.optBool('allowCanary') ? { allowCanary: true } : {};
}
/** What an STS tool signs with: a saved profile's id, or the handle of a pasted credential (creds:hold); one of them. */
function signer(read: FieldReader): { profileId: string } | { credentialHandle: string } {
  const profileId = read.optStr('profileId', 64);
  const credentialHandle = read.optStr('credentialHandle', 64);
  if ((profileId === undefined) === (credentialHandle === undefined)) {
    read.refuse(inputFailure('profileId', 'Pick what signs: a saved profile, or a pasted credential.', 'Choose one in "Signed with".'));
  }
  return credentialHandle !== undefined ? { credentialHandle } : { profileId: profileId ?? '' };
}
const SIGNER_FIELDS = ['profileId', 'credentialHandle'] as const;

const id = (arg: unknown) => readRequest(arg, ['id'], (read) => ({ id: read.str('id', 64) }));
const none = (arg: unknown) => readRequest(arg, [], () => ({}));
const handle = (arg: unknown) => readRequest(arg, ['handle'], (read) => ({ handle: read.str('handle', 64) }));

/** Every channel's parser. */
export const REQUESTS: RequestParsers = {
  'keys:inspect': (arg) => readRequest(arg, ['keyId'], (read) => ({ keyId: read.str('keyId', 256) })),
  'creds:check': (arg) => readRequest(arg, [...CREDENTIAL_FIELDS, 'region', 'allowCanary'], (read) => ({ ...credential(read), ...region(read), ...canary(read) })),
  'profiles:list': none,
  'profiles:get': id,
  'profiles:add': (arg) =>
    readRequest(arg, ['name', ...CREDENTIAL_FIELDS, 'region', 'notes', 'checkId'], (read) => {
      const r = region(read);
      const c = credential(read);
      const notes = read.optStr('notes', 1000);
      const checkId = read.optStr('checkId', 64);
      return { name: read.str('name', beyond(64)).trim(), ...c, ...r, ...(notes ? { notes } : {}), ...(checkId ? { checkId } : {}) };
    }),
  'profiles:rename': (arg) => readRequest(arg, ['id', 'name'], (read) => ({ id: read.str('id', 64), name: read.str('name', beyond(64)).trim() })),
  'profiles:remove': id,
  'profiles:set-notes': (arg) => readRequest(arg, ['id', 'notes'], (read) => ({ id: read.str('id', 64), notes: read.str('notes', 1000) })),
  'profiles:key-id': id,
  'creds:hold': (arg) => readRequest(arg, [...CREDENTIAL_FIELDS], credential),
  // The console's CSV of one key is ~100 bytes; 500 pairs with session tokens stay well under this.
  // Text within the page's BULK_MAX_BYTES as sent is at most that many characters.
  'bulk:start': (arg) => readRequest(arg, ['text'], (read) => ({ text: read.str('text', BULK_MAX_BYTES) })),
  'bulk:cancel': (arg) => readRequest(arg, ['jobId'], (read) => ({ jobId: read.str('jobId', 64) })),
  'bulk:save': (arg) => readRequest(arg, ['jobId', 'names'], (read) => ({ jobId: read.str('jobId', 64), names: read.optStrList('names', 500) ?? [] })),
  'profiles:set-key': (arg) => readRequest(arg, ['id', ...CREDENTIAL_FIELDS], (read) => ({ id: read.str('id', 64), ...credential(read) })),
  'profiles:verify': (arg) => readRequest(arg, ['id', 'allowCanary'], (read) => ({ id: read.str('id', 64), ...canary(read) })),
  // `all` wins: the ids beside it are not read.
  'profiles:recheck': (arg) => readRequest(arg, ['ids', 'all', 'allowCanary'], (read) => ({ ...(read.optBool('all') ? { all: true } : { ids: read.optStrList('ids') ?? [] }), ...canary(read) })),
  'profiles:recheck-cancel': (arg) => readRequest(arg, ['jobId'], (read) => ({ jobId: read.str('jobId', 64) })),
  'import:preview': none,
  'import:run': (arg) => readRequest(arg, ['names', 'previewId'], (read) => ({ names: read.optStrList('names') ?? [], previewId: read.str('previewId', 64) })),
  'sts:assume-role': (arg) =>
    readRequest(arg, [...SIGNER_FIELDS, 'roleArn', 'sessionName', 'durationSeconds', 'externalId', 'serialNumber', 'tokenCode', 'policy', 'allowCanary'], (read) => ({
      ...canary(read),
      ...signer(read),
      roleArn: read.str('roleArn', beyond(2048)).trim(),
      sessionName: read.str('sessionName', beyond(64)).trim(),
      durationSeconds: read.optInt('durationSeconds'),
      externalId: read.optStr('externalId', beyond(1224)),
      serialNumber: read.optStr('serialNumber', beyond(256)),
      tokenCode: read.optStr('tokenCode', beyond(6)),
      policy: read.optStr('policy', beyond(2048)),
    })),
  'sts:session-token': (arg) =>
    readRequest(arg, [...SIGNER_FIELDS, 'durationSeconds', 'serialNumber', 'tokenCode', 'allowCanary'], (read) => ({
      ...canary(read),
      ...signer(read),
      durationSeconds: read.optInt('durationSeconds'),
      serialNumber: read.optStr('serialNumber', beyond(256)),
      tokenCode: read.optStr('tokenCode', beyond(6)),
    })),
  'sts:federation-token': (arg) =>
    readRequest(arg, [...SIGNER_FIELDS, 'name', 'durationSeconds', 'policy', 'allowCanary'], (read) => ({
      ...canary(read),
      ...signer(read),
      name: read.str('name', beyond(32)).trim(),
      durationSeconds: read.optInt('durationSeconds'),
      policy: read.optStr('policy', beyond(2048)),
    })),
  'sts:web-identity': (arg) =>
    readRequest(arg, ['roleArn', 'sessionName', 'token', 'providerId', 'durationSeconds'], (read) => ({
      roleArn: read.str('roleArn', beyond(2048)).trim(),
      sessionName: read.str('sessionName', beyond(64)).trim(),
      token: read.str('token', beyond(20000)).trim(),
      providerId: read.optStr('providerId', beyond(2048)),
      durationSeconds: read.optInt('durationSeconds'),
    })),
  'sts:saml': (arg) =>
    readRequest(arg, ['roleArn', 'principalArn', 'assertion', 'durationSeconds'], (read) => ({
      roleArn: read.str('roleArn', beyond(2048)).trim(),
      principalArn: read.str('principalArn', beyond(2048)).trim(),
      assertion: read.str('assertion', beyond(100000)).trim(),
      durationSeconds: read.optInt('durationSeconds'),
    })),
  'sts:decode': (arg) => readRequest(arg, [...SIGNER_FIELDS, 'encodedMessage', 'allowCanary'], (read) => ({ ...canary(read), ...signer(read), encodedMessage: read.str('encodedMessage', beyond(10240)).trim() })),
  'sts:access-key-info': (arg) => readRequest(arg, [...SIGNER_FIELDS, 'accessKeyId', 'allowCanary'], (read) => ({ ...canary(read), ...signer(read), accessKeyId: read.str('accessKeyId', beyond(128)).trim() })),
  'temp:reveal': handle,
  'temp:copy': (arg) => readRequest(arg, ['handle', 'format'], (read) => ({ handle: read.str('handle', 64), format: read.oneOf('format', ['env', 'credentials-file', 'credential-process']) })),
  'temp:save': (arg) => readRequest(arg, ['handle', 'name'], (read) => ({ handle: read.str('handle', 64), name: read.str('name', beyond(64)).trim() })),
  ...REVIEW_REQUESTS,
};
