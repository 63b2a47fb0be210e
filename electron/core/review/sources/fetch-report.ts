/**
 * Fetching an IAM credential report with a saved profile: GenerateCredentialReport until it says COMPLETE (AWS
 * builds the report in the background, usually in seconds), then GetCredentialReport. ReportInProgress,
 * ReportNotPresent and ReportExpired (HTTP 410: older than 4 hours) send it back to generating; the whole wait is
 * bounded, with a progress line per wait.
 */
import type { Failure } from '../../../../shared/failure.js';
import { err, ok, type Result } from '../../../../shared/result.js';
import type { QueryClient } from '../../aws/client.js';
import { generateCredentialReport, getCredentialReport, REPORT_NOT_READY, type FetchedReport } from '../../aws/iam-reports.js';

/** How to wait. */
export interface FetchReportOptions {
  /** Waits between polls; tests pass one that returns at once. */
  readonly sleep: (ms: number) => Promise<void>;
  /** The most time spent waiting in all (default 5 minutes). */
  readonly maxWaitMs?: number;
  /** The first pause (default 2 s); each next one is 1.5 times longer, up to 15 s. */
  readonly firstPauseMs?: number;
  /** Told before each wait, in plain words. */
  readonly onProgress?: (message: string) => void;
}

const NOT_READY: ReadonlySet<string> = new Set(Object.values(REPORT_NOT_READY));
const notReady = (f: Failure): boolean => f.kind === 'aws' && NOT_READY.has(f.code);

/** Generates (or reuses) the account's credential report and fetches it. */
export async function fetchCredentialReport(client: QueryClient, options: FetchReportOptions): Promise<Result<FetchedReport, Failure>> {
  const maxWaitMs = options.maxWaitMs ?? 5 * 60 * 1000;
  let pause = options.firstPauseMs ?? 2000;
  let waited = 0;
  const wait = async (why: string): Promise<boolean> => {
    if (waited + pause > maxWaitMs) return false;
    options.onProgress?.(`${why}; asking again in ${Math.round(pause / 1000)} s (waited ${Math.round(waited / 1000)} s of at most ${Math.round(maxWaitMs / 1000)} s)`);
    await options.sleep(pause);
    waited += pause;
    pause = Math.min(Math.round(pause * 1.5), 15_000);
    return true;
  };
  for (;;) {
    const generated = await generateCredentialReport(client);
    if (!generated.ok) return generated;
    const state = generated.value.value.State;
    if (state === 'COMPLETE') {
      const report = await getCredentialReport(client);
      if (report.ok) return ok(report.value.value);
      // Expired or gone between the two calls: generating again starts a new one.
      if (!notReady(report.error)) return report;
      if (!(await wait(`GetCredentialReport answered ${report.error.kind === 'aws' ? report.error.code : 'not ready'}`))) return gaveUp(maxWaitMs);
    } else if (!(await wait(`AWS is generating the credential report (${state})`))) {
      return gaveUp(maxWaitMs);
    }
  }
}

function gaveUp(maxWaitMs: number): Result<never, Failure> {
  return err({
    kind: 'timeout',
    category: 'offline',
    phase: 'response',
    timeoutMs: maxWaitMs,
    operation: 'GenerateCredentialReport',
    message: `AWS was still generating the credential report after ${Math.round(maxWaitMs / 1000)} seconds.`,
    hint: 'Run the command again in a few minutes: AWS goes on generating the report, and the next run fetches it.',
  });
}
