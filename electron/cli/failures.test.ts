/** Exit codes: a failure and the check it makes exit alike, and a recheck exits with the worst of its checks. */
import { describe, expect, it } from 'vitest';
import { inputFailure, internalFailure, type Failure, type FailureCategory } from '../../shared/failure.js';
import { failedCheck } from '../core/verify.js';
import { exitCodeFor, exitCodeOf, exitCodeOfAll } from './failures.js';
import { EXIT } from './io.js';

const aws = (category: FailureCategory): Failure => ({ kind: 'aws', category, code: 'Code', httpStatus: 403, operation: 'GetCallerIdentity', message: 'm', hint: 'h' });
const KEY = 'AKIAIOSFODNN7EXAMPLE';

const FAILURES: ReadonlyArray<readonly [string, Failure, number]> = [
  ['an unknown key', aws('invalid-key'), EXIT.rejected],
  ['a wrong secret', aws('invalid-secret'), EXIT.rejected],
  ['an expired token', aws('expired'), EXIT.rejected],
  ['a denial', aws('access-denied'), EXIT.rejected],
  ['throttling', aws('throttled'), EXIT.undecided],
  // A refusal for the signature's time that re-signing could not mend: the key's validity is unknown, not rejected.
  ['a clock AWS refused', aws('clock-skew'), EXIT.undecided],
  ['a 5xx', aws('service'), EXIT.undecided],
  ['a parameter AWS refused', aws('input'), EXIT.usage],
  ['no connection', { kind: 'network', category: 'offline', code: 'ECONNREFUSED', message: 'm', hint: 'h' }, EXIT.undecided],
  ['an HTML page', { kind: 'parse', category: 'service', httpStatus: 200, bodyStart: '<html>', message: 'm', hint: 'h' }, EXIT.undecided],
  ['an input refused here', inputFailure('region', 'm', 'h'), EXIT.usage],
  ['a bug', internalFailure('testing'), EXIT.undecided],
  // Categories AWS uses for a rejection, but not said by AWS: nothing was decided about the key.
  ['an expiry not from AWS', { kind: 'keychain', category: 'expired', message: 'm', hint: 'h' }, EXIT.undecided],
];

describe('exit codes', () => {
  it.each(FAILURES)('%s: the failure and the check it makes exit with the same code', (_what, failure, code) => {
    expect(exitCodeFor(failure)).toBe(code);
    const check = failedCheck(KEY, failure);
    expect(exitCodeOf(check.Valid, check.Valid === true ? undefined : check.Error.Category)).toBe(code);
  });

  it('a valid check exits 0', () => {
    expect(exitCodeOf(true)).toBe(EXIT.ok);
  });

  it('a recheck exits 1 if any key was rejected, 3 if any check did not decide or it was cancelled, else 0', () => {
    expect(exitCodeOfAll([EXIT.ok, EXIT.undecided, EXIT.rejected], false)).toBe(EXIT.rejected);
    expect(exitCodeOfAll([EXIT.ok, EXIT.usage], false)).toBe(EXIT.undecided);
    expect(exitCodeOfAll([EXIT.ok, EXIT.ok], true)).toBe(EXIT.undecided);
    expect(exitCodeOfAll([EXIT.ok, EXIT.ok], false)).toBe(EXIT.ok);
    expect(exitCodeOfAll([], false)).toBe(EXIT.ok);
  });
});
