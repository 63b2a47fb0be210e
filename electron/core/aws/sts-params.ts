/**
 * STS parameters: checked against the limits of the STS API reference before anything is sent, and shaped as the
 * Query protocol lists them.
 */
import { inputFailure } from '../../../shared/failure.js';
import type { QueryValue } from './query.js';
import type { Tag } from './sts-inputs.js';
import { checkDuration, checkPolicy, checkString, firstFailure, PATTERNS } from './validate.js';

/** RoleSessionName (and the names that share its rules). */
export const sessionNameRule = { required: true, min: 2, max: 64, ...PATTERNS.sessionName };
/** RoleArn. */
export const roleArnRule = { required: true, min: 20, max: 2048, ...PATTERNS.roleArn };

function checkPolicyArns(arns: readonly string[] | undefined) {
  if (!arns) return undefined;
  if (arns.length > 10) return inputFailure('PolicyArns', `PolicyArns holds ${arns.length} ARNs; at most 10 are allowed.`, 'Pass 10 managed policy ARNs or fewer.');
  return firstFailure(...arns.map((arn, i) => checkString(`PolicyArns[${i + 1}]`, arn, { min: 20, max: 2048, ...PATTERNS.arn })));
}

/** Session tags: at most 50, each key and value within its limits. */
export function checkTags(tags: readonly Tag[] | undefined) {
  if (!tags) return undefined;
  if (tags.length > 50) return inputFailure('Tags', `Tags holds ${tags.length} tags; at most 50 are allowed.`, 'Pass 50 session tags or fewer.');
  return firstFailure(
    ...tags.flatMap((t, i) => [
      checkString(`Tags[${i + 1}].Key`, t.Key, { required: true, min: 1, max: 128, ...PATTERNS.tag }),
      checkString(`Tags[${i + 1}].Value`, t.Value, { required: true, min: 0, max: 256, ...PATTERNS.tag }),
    ]),
  );
}

/** Transitive tag keys: at most 50. */
export function checkTransitiveTagKeys(keys: readonly string[] | undefined) {
  if (!keys) return undefined;
  if (keys.length > 50) return inputFailure('TransitiveTagKeys', `TransitiveTagKeys holds ${keys.length} keys; at most 50 are allowed.`, 'Pass 50 transitive tag keys or fewer.');
  return firstFailure(...keys.map((k, i) => checkString(`TransitiveTagKeys[${i + 1}]`, k, { required: true, min: 1, max: 128, ...PATTERNS.tag })));
}

/** An MFA device and its code: each needs the other (AWS checks the code against the device named). */
export function checkMfa(serial: string | undefined, code: string | undefined) {
  return firstFailure(
    checkString('SerialNumber', serial, { min: 9, max: 256, ...PATTERNS.serialNumber }),
    checkString('TokenCode', code, { ...PATTERNS.tokenCode }),
    serial !== undefined && code === undefined ? checkString('TokenCode', undefined, { required: true }) : undefined,
    serial === undefined && code !== undefined
      ? inputFailure('SerialNumber', 'TokenCode was given without SerialNumber: AWS checks the code against the MFA device named, and refuses it alone.', "Give the MFA device's serial number or ARN with the code (in the CLI, add --serial-number).")
      : undefined,
  );
}

/** The session policy members several calls share. */
export interface SessionPolicies {
  readonly Policy?: string;
  readonly PolicyArns?: readonly string[];
  readonly DurationSeconds?: number;
}

/** Checks the session policies and the duration, which may run up to `maxDuration` seconds. */
export function checkSessionPolicies(input: SessionPolicies, maxDuration: number) {
  return firstFailure(checkPolicy('Policy', input.Policy), checkPolicyArns(input.PolicyArns), checkDuration('DurationSeconds', input.DurationSeconds, 900, maxDuration));
}

/** The session policy members as Query parameters: PolicyArns as a list of `arn` structures. */
export function sessionPolicyParams(input: SessionPolicies): Record<string, QueryValue> {
  return { PolicyArns: input.PolicyArns?.map((arn) => ({ arn })), Policy: input.Policy, DurationSeconds: input.DurationSeconds };
}

/** Session tags as Query parameters. */
export const tagsParam = (tags: readonly Tag[] | undefined): QueryValue => tags?.map((t) => ({ Key: t.Key, Value: t.Value }));
