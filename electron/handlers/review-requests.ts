/**
 * The review channels' request parsers (spread into REQUESTS). A credential report the page sends is capped here,
 * before anything reads it: at most MAX_REPORT_BYTES (20 MiB) of text, as the command line and the open dialog read.
 */
import type { Channel } from '../../shared/contract.js';
import { inputFailure } from '../../shared/failure.js';
import { FINDINGS_PAGE } from '../../shared/review-list.js';
import { MAX_REPORT_BYTES } from '../core/review/credential-report.js';
import { readRequest, type RequestParsers } from './guards.js';

/** The largest list of pasted key ids (as the CLI's --keys). */
export const MAX_PASTED_KEYS_CHARS = 16 * 1024 * 1024;

type ReviewChannel = Extract<Channel, `review:${string}`>;

const none = (arg: unknown) => readRequest(arg, [], () => ({}));

/** More findings than any review has (a report's 20 MiB hold about 100,000 users, two findings each at most per key). */
const MAX_OFFSET = 10_000_000;

/** The review channels' parsers. */
export const REVIEW_REQUESTS: RequestParsers<ReviewChannel> = {
  'review:sources': none,
  'review:open-report': none,
  'review:profile-findings': none,
  'review:import-report': (arg) =>
    readRequest(arg, ['name', 'text'], (read) => {
      const name = read.str('name', 255).trim();
      // A generous cap on characters first; the cap that counts is on the UTF-8 size, as a file's would be.
      const text = read.str('text', 4 * MAX_REPORT_BYTES);
      if (Buffer.byteLength(text, 'utf8') > MAX_REPORT_BYTES) read.refuse(inputFailure('text', `${name || 'The file'} is larger than 20 MiB, more than any credential report.`, 'Choose the credential report CSV itself (AWS gives at most a few MiB, even for thousands of users).'));
      return { name, text };
    }),
  'review:run': (arg) =>
    readRequest(arg, ['profileIds', 'allProfiles', 'storedReports', 'importedReports', 'keys', 'fetchWith', 'auditWith', 'offline', 'unusedDays', 'rotationDays', 'staleDays', 'accounts', 'asOf'], (read) => {
      const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [key]: v } as { [P in K]?: V }));
      return {
        offline: read.optBool('offline') ?? false,
        ...opt('profileIds', read.optStrList('profileIds', 10000)),
        ...opt('allProfiles', read.optBool('allProfiles')),
        ...opt('storedReports', read.optStrList('storedReports')),
        ...opt('importedReports', read.optStrList('importedReports')),
        ...opt('keys', read.optStr('keys', MAX_PASTED_KEYS_CHARS)),
        ...opt('fetchWith', read.optStr('fetchWith', 64)),
        ...opt('auditWith', read.optStr('auditWith', 64)),
        ...opt('unusedDays', read.optInt('unusedDays')),
        ...opt('rotationDays', read.optInt('rotationDays')),
        ...opt('staleDays', read.optInt('staleDays')),
        ...opt('accounts', read.optStr('accounts', 20000)),
        ...opt('asOf', read.optStr('asOf', 64)),
      };
    }),
  'review:findings': (arg) =>
    readRequest(arg, ['reviewId', 'severity', 'check', 'muted', 'sort', 'offset', 'limit'], (read) => {
      const severity = read.optStr('severity', 16) === undefined ? undefined : read.oneOf('severity', ['critical', 'high', 'medium', 'low', 'info']);
      const check = read.optStr('check', 64);
      const muted = read.optBool('muted');
      const within = (key: 'offset' | 'limit', least: number, most: number): number => {
        const n = read.optInt(key) ?? least;
        if (n < least || n > most) read.refuse(inputFailure(key, `The request's ${key} ${n} is not from ${least} to ${most}.`, 'This is a bug in the caller: the request was refused before anything was done.'));
        return n;
      };
      return {
        reviewId: read.str('reviewId', 64),
        ...(severity !== undefined ? { severity } : {}),
        ...(check !== undefined ? { check } : {}),
        ...(muted !== undefined ? { muted } : {}),
        sort: read.oneOf('sort', ['severity', 'check', 'resource', 'status', 'dataAsOf']),
        offset: within('offset', 0, MAX_OFFSET),
        limit: within('limit', 1, FINDINGS_PAGE),
      };
    }),
  'review:finding': (arg) => readRequest(arg, ['reviewId', 'findingId'], (read) => ({ reviewId: read.str('reviewId', 64), findingId: read.str('findingId', 64) })),
  'review:mute': (arg) =>
    readRequest(arg, ['reviewId', 'findingId', 'scope', 'reason', 'expires'], (read) => {
      const expires = read.optStr('expires', 64);
      const reason = read.str('reason', 1000).trim();
      if (reason === '') read.refuse(inputFailure('reason', 'A mute needs a reason.', 'Say why the finding is accepted, so the next reviewer knows.'));
      return { reviewId: read.str('reviewId', 64), findingId: read.str('findingId', 64), scope: read.oneOf('scope', ['finding', 'account', 'check']), reason, ...(expires ? { expires } : {}) };
    }),
  'review:export': (arg) =>
    readRequest(arg, ['reviewId', 'format', 'unmask'], (read) => {
      const unmask = read.optBool('unmask');
      return { reviewId: read.str('reviewId', 64), format: read.oneOf('format', ['json', 'csv', 'markdown', 'sarif', 'ocsf']), ...(unmask !== undefined ? { unmask } : {}) };
    }),
};
