/**
 * The checks as data: severity, title, what to do, and the CIS AWS Foundations Benchmark controls (DESIGN.md's
 * table; IAM moved to section 2 in v6.0). Checks with no CIS control carry an empty Compliance.
 */

import type { Compliance } from './finding.js';
import type { CheckId, Severity } from './model.js';

/** What every finding of one check shares. */
export interface CheckInfo {
  readonly severity: Severity;
  readonly title: string;
  /** One sentence for a rule list (SARIF rules, the README). */
  readonly description: string;
  readonly remediation: string;
  readonly compliance: Compliance;
}

const cis = (v3: string, v4: string, v5: string, v6: string): Compliance => ({
  'CIS-3.0': [v3],
  'CIS-4.0': [v4],
  'CIS-5.0': [v5],
  'CIS-6.0': [v6],
});

const NO_ROOT_KEY = cis('1.4', '1.4', '1.3', '2.3');
const NO_KEY_AT_SETUP = cis('1.11', '1.11', '1.10', '2.10');
const UNUSED_CREDENTIALS = cis('1.12', '1.12', '1.11', '2.11');
const ONE_ACTIVE_KEY = cis('1.13', '1.13', '1.12', '2.12');
const ROTATED_90_DAYS = cis('1.14', '1.14', '1.13', '2.13');

/** Every check, by id. */
export const CHECK_INFO: Readonly<Record<CheckId, CheckInfo>> = {
  'root-access-key': {
    severity: 'critical',
    title: 'The root user has an active access key',
    description: "The account's root user has an access key: it can do anything in the account and cannot be limited.",
    remediation: "Sign in as the root user, delete its access keys (Security credentials), and give the work an IAM role or user with only the permissions it needs.",
    compliance: NO_ROOT_KEY,
  },
  'access-key-unused': {
    severity: 'medium',
    title: 'Active access key not used recently',
    description: 'An active access key has not been used by its owner for longer than the unused threshold.',
    remediation: 'Ask the owner whether the key is still needed; if not, make it Inactive, then delete it (aws iam update-access-key --status Inactive, then delete-access-key).',
    compliance: UNUSED_CREDENTIALS,
  },
  'access-key-never-used': {
    severity: 'medium',
    title: 'Active access key never used',
    description: 'An active access key was created longer ago than the unused threshold and has never been used.',
    remediation: 'Delete the key if nobody needs it (aws iam delete-access-key); create keys only when they are about to be used.',
    compliance: UNUSED_CREDENTIALS,
  },
  'access-key-at-setup': {
    severity: 'low',
    title: 'Access key created at setup for a console user',
    description: 'A user with a console password has an active access key that was never used, as when keys are created with the user by default.',
    remediation: 'Delete access keys that were created with the user and never used; let the user create one when they need it.',
    compliance: NO_KEY_AT_SETUP,
  },
  'access-key-not-rotated': {
    severity: 'medium',
    title: 'Access key not rotated',
    description: 'An active access key was created or last rotated longer ago than the rotation threshold.',
    remediation: 'Create a second key, move the workload to it, make the old key Inactive, then delete it; or replace the key with a role and temporary credentials.',
    compliance: ROTATED_90_DAYS,
  },
  'multiple-active-keys': {
    severity: 'medium',
    title: 'User has two active access keys',
    description: 'An IAM user has two active access keys; outside a rotation, one is enough.',
    remediation: 'Finish the rotation: find which key is in use (its last use), make the other Inactive, then delete it.',
    compliance: ONE_ACTIVE_KEY,
  },
  'canary-key': {
    severity: 'high',
    title: 'Canary key (honeytoken)',
    description: "The key id belongs to an account of a canary-token service: using the key alerts whoever planted it.",
    remediation: 'Do not use or check this key online. Find where it was found and treat that place as seen by an intruder; tell whoever planted the token, if it is yours.',
    compliance: {},
  },
  'unexpected-account': {
    severity: 'high',
    title: 'Key of an unexpected account',
    description: 'A key belongs to an account that is not in the list of accounts expected for this review.',
    remediation: 'Find out whose account this is and why its key is here; remove the key from where it was found or add the account to the expected list.',
    compliance: {},
  },
  'invalid-key-saved': {
    severity: 'medium',
    title: 'Key was rejected by AWS',
    description: "The key's last decided check was a rejection (a saved profile's, or `review --check`'s of a key list): the key or secret is invalid, or the credentials expired.",
    remediation: 'Wherever the key is kept (a keyscope profile, a configuration, a key list), replace it with a working one or remove it: requests signed with it fail.',
    compliance: {},
  },
  'inactive-key-saved': {
    severity: 'low',
    title: 'Saved key is Inactive at AWS',
    description: 'A saved key is marked Inactive at AWS, so every request signed with it fails.',
    remediation: 'Remove the profile, or replace its key with an active one; delete the inactive key at AWS if nobody needs it.',
    compliance: {},
  },
  'stale-check': {
    severity: 'info',
    title: 'Saved key not checked recently',
    description: "A saved profile's last decided check is older than the stale threshold, or it was never checked.",
    remediation: 'Recheck it (keyscope recheck, or a passive audit with --audit-with, which leaves its last use untouched).',
    compliance: {},
  },
};
