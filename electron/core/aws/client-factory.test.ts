/** The client factory: one region order for every front, and the endpoint rules the CLI applied, as Results. */
import { describe, expect, it } from 'vitest';
import { err, type Result } from '../../../shared/result.js';
import type { ClientEvent } from './client.js';
import { createClientFactory, regionFor, type ClientTarget } from './client-factory.js';
import { networkFailure } from './errors.js';
import { getAccessKeyLastUsed } from './iam.js';
import { getCallerIdentity } from './sts.js';
import type { HttpRequest, HttpResponse, Transport, TransportFailure } from './transport.js';

const CREDS = { accessKeyId: 'AKIAY34FZKBOKMUTVV7A', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
type Env = Record<string, string | undefined>;

/** A stand-in transport that records what it is asked to send and sends nothing: nothing leaves the process. */
function recordingTransport() {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    send: (request: HttpRequest): Promise<Result<HttpResponse, TransportFailure>> => {
      sent.push(request);
      return Promise.resolve(err(networkFailure('ECONNREFUSED', request.url.host)));
    },
    close: () => undefined,
  };
  return { transport, sent };
}

/** The region in the Authorization header's credential scope: what the request was really signed for. */
const signedRegion = (request: HttpRequest | undefined) => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request?.headers.authorization ?? '')?.[1];

function stsEndpoint(env: Env, target: ClientTarget) {
  const r = createClientFactory({ transport: recordingTransport().transport, env, userAgent: 'keyscope/test' }).endpoints(target);
  if (!r.ok) throw new Error(r.error.message);
  return { url: r.value.sts.url.href, region: r.value.sts.signingRegion };
}

describe('the region order', () => {
  const all = { env: { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' }, target: { region: 'eu-west-3', profileRegion: 'eu-central-1' } };

  it('--region beats AWS_REGION', () => expect(regionFor(all.env, all.target)).toBe('eu-west-3'));
  it('AWS_REGION beats AWS_DEFAULT_REGION', () => expect(regionFor(all.env, { profileRegion: 'eu-central-1' })).toBe('eu-west-1'));
  it('AWS_DEFAULT_REGION beats the profile\'s region', () => expect(regionFor({ AWS_DEFAULT_REGION: 'eu-west-2' }, { profileRegion: 'eu-central-1' })).toBe('eu-west-2'));
  it('the profile\'s region beats the global endpoint', () => expect(stsEndpoint({}, { profileRegion: 'eu-central-1' })).toEqual({ url: 'https://sts.eu-central-1.amazonaws.com/', region: 'eu-central-1' }));
  it('with no region anywhere, the global endpoint signed for us-east-1', () => expect(stsEndpoint({}, {})).toEqual({ url: 'https://sts.amazonaws.com/', region: 'us-east-1' }));

  it('reaches the endpoint of the winning region at every level', () => {
    expect(stsEndpoint(all.env, all.target).url).toBe('https://sts.eu-west-3.amazonaws.com/');
    expect(stsEndpoint(all.env, { profileRegion: 'eu-central-1' }).url).toBe('https://sts.eu-west-1.amazonaws.com/');
    expect(stsEndpoint({ AWS_DEFAULT_REGION: 'eu-west-2' }, { profileRegion: 'eu-central-1' }).url).toBe('https://sts.eu-west-2.amazonaws.com/');
  });

  it('keeps what the CLI did with empty values: an empty AWS_REGION means no region; an empty --region is not given', () => {
    expect(regionFor({ AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-2' }, { profileRegion: 'eu-central-1' })).toBeUndefined();
    expect(regionFor({ AWS_REGION: 'eu-west-1' }, { region: '' })).toBe('eu-west-1');
  });
});

describe('the same inputs, the same endpoint', () => {
  const cases: Array<{ name: string; env: Env; target: ClientTarget }> = [
    { name: 'no region', env: {}, target: {} },
    { name: 'a profile in China', env: {}, target: { profileRegion: 'cn-northwest-1' } },
    { name: 'AWS_REGION over a profile', env: { AWS_REGION: 'us-gov-west-1' }, target: { profileRegion: 'eu-west-1' } },
    { name: '--endpoint-url with a region', env: { AWS_REGION: 'eu-west-1' }, target: { endpointUrl: 'http://127.0.0.1:5000', region: 'ap-south-1' } },
    { name: 'AWS_ENDPOINT_URL_STS', env: { AWS_ENDPOINT_URL_STS: 'http://localhost:4566', AWS_DEFAULT_REGION: 'eu-north-1' }, target: {} },
  ];
  for (const c of cases) {
    it(`${c.name}: the client sends to and signs for what the factory resolves, every time`, async () => {
      const { transport, sent } = recordingTransport();
      const events: ClientEvent[] = [];
      const factory = createClientFactory({ transport, env: c.env, userAgent: 'keyscope/test', onEvent: (e) => events.push(e), tuning: { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } } });
      const first = factory.endpoints(c.target);
      const second = createClientFactory({ transport, env: { ...c.env }, userAgent: 'other' }).endpoints({ ...c.target });
      if (!first.ok || !second.ok) throw new Error('refused');
      expect([second.value.sts.url.href, second.value.sts.signingRegion, second.value.iam.url.href, second.value.iam.signingRegion]).toEqual([
        first.value.sts.url.href,
        first.value.sts.signingRegion,
        first.value.iam.url.href,
        first.value.iam.signingRegion,
      ]);
      const client = factory.client(CREDS, c.target);
      if (!client.ok) throw new Error(client.error.message);
      await getCallerIdentity(client.value);
      await getAccessKeyLastUsed(client.value, CREDS.accessKeyId);
      expect(sent.map((r) => `${r.url.origin}${r.url.pathname}`)).toEqual([first.value.sts.url.href, first.value.iam.url.href]);
      expect(sent.map(signedRegion)).toEqual([first.value.sts.signingRegion, first.value.iam.signingRegion]);
      expect(sent[0]?.headers['user-agent']).toBe('keyscope/test');
      expect(events.map((e) => e.url)).toEqual([first.value.sts.url.href, first.value.iam.url.href]);
    });
  }
});

describe('the endpoint rules, as input failures', () => {
  const refusal = (env: Env, target: ClientTarget) => {
    const r = createClientFactory({ transport: recordingTransport().transport, env, userAgent: 'keyscope/test' }).client(CREDS, target);
    return r.ok ? 'a client' : { field: r.error.field, message: r.error.message };
  };

  it('refuses plain http to another computer unless --allow-http or KEYSCOPE_ALLOW_HTTP=1', () => {
    expect(refusal({}, { endpointUrl: 'http://sts.example.com' })).toMatchObject({ field: '--endpoint-url', message: expect.stringMatching(/plain http to another computer/) });
    expect(refusal({}, { endpointUrl: 'http://sts.example.com', allowHttp: true })).toBe('a client');
    expect(refusal({ KEYSCOPE_ALLOW_HTTP: '1' }, { endpointUrl: 'http://sts.example.com' })).toBe('a client');
    expect(refusal({}, { endpointUrl: 'http://127.0.0.1:5000' })).toBe('a client');
  });

  it('refuses plain http to this computer through a proxy on another one', () => {
    expect(refusal({ HTTP_PROXY: 'http://proxy.example.com:3128' }, { endpointUrl: 'http://127.0.0.1:5000' })).toMatchObject({ field: 'HTTP_PROXY' });
    expect(refusal({ HTTP_PROXY: 'http://proxy.example.com:3128', NO_PROXY: '127.0.0.1' }, { endpointUrl: 'http://127.0.0.1:5000' })).toBe('a client');
    expect(refusal({ HTTP_PROXY: 'http://proxy.example.com:3128' }, { endpointUrl: 'http://127.0.0.1:5000', allowHttp: true })).toBe('a client');
  });

  it('refuses an empty --endpoint-url, a bad region, and a bad IAM endpoint even for an STS client', () => {
    expect(refusal({}, { endpointUrl: '' })).toMatchObject({ field: '--endpoint-url', message: '--endpoint-url is empty.' });
    expect(refusal({}, { region: 'moon-1' })).toMatchObject({ field: 'region' });
    expect(refusal({}, { profileRegion: 'Not A Region' })).toMatchObject({ field: 'region' });
    expect(refusal({ AWS_ENDPOINT_URL_IAM: 'ftp://iam.example.com' }, {})).toMatchObject({ field: 'AWS_ENDPOINT_URL_IAM' });
  });
});
