/**
 * AWS accounts whose access keys are canary tokens (honeytokens): using such a key alerts whoever planted it.
 *
 * Source: trufflehog, pkg/detectors/aws/access_keys/canary.go (github.com/trufflesecurity/trufflehog), the maps
 * `thinkstCanaryList` (Thinkst Canarytokens, canarytokens.org) and `thinkstKnockoffsCanaryList` ("off brand AWS
 * canaries inspired by canarytokens.org"). Keep this list in step with that file; it is the only copy in keyscope.
 * A key is recognised offline, from the account derived from its id (DESIGN.md), without sending anything.
 */

import { analyzeKeyId } from './key-id.js';

/** Thinkst Canarytokens accounts. */
export const THINKST_CANARY_ACCOUNTS: readonly string[] = [
  '052310077262',
  '171436882533',
  '534261010715',
  '595918472158',
  '717712589309',
  '819147034852',
  '992382622183',
  '730335385048',
  '266735846894',
  '893192397702',
];

/** Accounts of other canary-token services listed in the same file. */
export const OTHER_CANARY_ACCOUNTS: readonly string[] = [
  '044858866125',
  '251535659677',
  '344043088457',
  '351906852752',
  '390477818340',
  '426127672474',
  '427150556519',
  '439872796651',
  '445142720921',
  '465867158099',
  '637958123769',
  '693412236332',
  '732624840810',
  '735421457923',
  '959235150393',
  '982842642351',
];

const THINKST = new Set(THINKST_CANARY_ACCOUNTS);
const OTHERS = new Set(OTHER_CANARY_ACCOUNTS);

/** Who runs a canary account: a name for reports, or null when the account is not a known canary account. */
export function canaryService(account: string | null | undefined): string | null {
  if (!account) return null;
  if (THINKST.has(account)) return 'Thinkst Canarytokens';
  if (OTHERS.has(account)) return 'a canary-token service modelled on Canarytokens';
  return null;
}

/** Whether a key id's derived account is a known canary account (offline; nothing is sent). */
export function isCanaryKey(accessKeyId: string): boolean {
  return canaryService(analyzeKeyId(accessKeyId).derivedAccount) !== null;
}
