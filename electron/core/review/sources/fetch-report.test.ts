/**
 * Fetching a credential report through every state AWS can answer, against a loopback stub that plays a script of
 * answers per action (moto answers only STARTED then COMPLETE, and never ReportInProgress or ReportExpired).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueryClient } from '../../aws/client.js';
import { createTransport, type Transport } from '../../aws/transport.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchReportSource } from '../gather.js';
import { fetchCredentialReport } from './fetch-report.js';

type Answer = { status: number; body: string };
const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const CSV = 'user,arn\nalice,arn:aws:iam::123456789012:user/alice\n';
const state = (s: string): Answer => ({ status: 200, body: `<GenerateCredentialReportResponse xmlns="${NS}"><GenerateCredentialReportResult><State>${s}</State></GenerateCredentialReportResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GenerateCredentialReportResponse>` });
const report = (content: string, generated = '2025-06-30T08:00:00Z'): Answer => ({ status: 200, body: `<GetCredentialReportResponse xmlns="${NS}"><GetCredentialReportResult><Content>${content}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>${generated}</GeneratedTime></GetCredentialReportResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCredentialReportResponse>` });
const error = (status: number, code: string): Answer => ({ status, body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r</RequestId></ErrorResponse>` });

let server: Server;
let url: string;
let transport: Transport;
let script: Record<string, Answer[]> = {};
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const action = new URLSearchParams(req.url?.split('?')[1] ?? body).get('Action') ?? new URLSearchParams(body).get('Action') ?? '';
      asked.push(action);
      const list = script[action] ?? [];
      const answer = list.length > 1 ? (list.shift() as Answer) : (list[0] ?? error(400, 'InvalidAction'));
      res.writeHead(answer.status, { 'content-type': 'text/xml' }).end(answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/`;
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error(t.error.message);
  transport = t.value;
});
afterAll(async () => {
  transport.close();
  await new Promise<void>((r) => server.close(() => r()));
});
afterEach(() => {
  asked.length = 0;
});

const client = () => new QueryClient({ transport, endpoints: { endpointUrl: url, region: 'us-east-1' }, userAgent: 'keyscope-tests', retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'not-a-real-secret' });

describe('fetchCredentialReport', () => {
  it('waits while the report is generated, generates again when it expired (410), then decodes it', async () => {
    script = {
      GenerateCredentialReport: [state('STARTED'), state('INPROGRESS'), state('COMPLETE'), state('COMPLETE')],
      GetCredentialReport: [error(410, 'ReportExpired'), report(Buffer.from(CSV).toString('base64'))],
    };
    const waits: number[] = [];
    const progress: string[] = [];
    const r = await fetchCredentialReport(client(), { sleep: async (ms) => void waits.push(ms), onProgress: (m) => progress.push(m) });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(Buffer.from(r.value.csv).toString()).toBe(CSV);
      expect(r.value).toMatchObject({ generatedTime: '2025-06-30T08:00:00Z', reportFormat: 'text/csv' });
    }
    expect(asked).toEqual(['GenerateCredentialReport', 'GenerateCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport', 'GenerateCredentialReport', 'GetCredentialReport']);
    expect(waits).toEqual([2000, 3000, 4500]);
    expect(progress[0]).toContain('generating the credential report (STARTED)');
    expect(progress[2]).toContain('ReportExpired');
  });

  it('treats ReportNotPresent and ReportInProgress as not ready yet', async () => {
    script = { GenerateCredentialReport: [state('COMPLETE')], GetCredentialReport: [error(410, 'ReportNotPresent'), error(404, 'ReportInProgress'), report(Buffer.from(CSV).toString('base64'))] };
    const r = await fetchCredentialReport(client(), { sleep: async () => undefined });
    expect(r.ok).toBe(true);
    expect(asked.filter((a) => a === 'GetCredentialReport')).toHaveLength(3);
  });

  it('gives up after the bounded wait with a failure that says what to do', async () => {
    script = { GenerateCredentialReport: [state('INPROGRESS')] };
    const r = await fetchCredentialReport(client(), { sleep: async () => undefined, maxWaitMs: 10_000, firstPauseMs: 2000 });
    expect(!r.ok && r.error).toMatchObject({ kind: 'timeout', operation: 'GenerateCredentialReport' });
    expect(!r.ok && r.error.message).toContain('still generating');
    // 2 + 3 + 4.5 s fit in 10 s; the next pause would not.
    expect(asked).toHaveLength(4);
  });

  it('passes on other failures at once (AccessDenied), and refuses a Content that is not base64', async () => {
    script = { GenerateCredentialReport: [error(403, 'AccessDenied')] };
    const denied = await fetchCredentialReport(client(), { sleep: async () => undefined });
    expect(!denied.ok && denied.error).toMatchObject({ kind: 'aws', code: 'AccessDenied', category: 'access-denied' });
    script = { GenerateCredentialReport: [state('COMPLETE')], GetCredentialReport: [report('<not base64>'.replace(/[<>]/g, '!'))] };
    const garbled = await fetchCredentialReport(client(), { sleep: async () => undefined });
    expect(!garbled.ok && garbled.error).toMatchObject({ kind: 'parse', operation: 'GetCredentialReport' });
  });
});

describe('a fetched report whose GeneratedTime is not a time', () => {
  it('is a parse failure in words, not an internal error ("Invalid time value", exit 3), and nothing is kept', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keyscope-fetch-time-'));
    try {
      for (const generated of ['garbage', '2025-06-30T08:00:00', '45', '2025-02-30T00:00:00Z']) {
        script = { GenerateCredentialReport: [state('COMPLETE')], GetCredentialReport: [report(Buffer.from(CSV).toString('base64'), generated)] };
        const r = await fetchReportSource(client(), home, 'auditor', { sleep: async () => undefined });
        expect(r, generated).toMatchObject({ ok: false, error: { kind: 'parse', operation: 'GetCredentialReport', message: 'GetCredentialReport answered with a GeneratedTime that is not an ISO 8601 time with its zone.' } });
      }
      expect(readdirSync(home)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
