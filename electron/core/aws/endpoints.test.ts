import { describe, expect, it } from 'vitest';
import { endpointSettingsFromEnv, isLoopbackHost, partitionOf, resolveEndpoint } from './endpoints.js';

function endpoint(service: 'sts' | 'iam', settings: Parameters<typeof resolveEndpoint>[1]) {
  const r = resolveEndpoint(service, settings);
  if (!r.ok) throw new Error(r.error.message);
  return { url: r.value.url.href, region: r.value.signingRegion, partition: r.value.partition };
}

describe('endpoints', () => {
  it('uses the global STS endpoint signed for us-east-1 when no region is set', () => {
    expect(endpoint('sts', {})).toEqual({ url: 'https://sts.amazonaws.com/', region: 'us-east-1', partition: 'aws' });
  });

  it('uses regional STS endpoints in each partition', () => {
    expect(endpoint('sts', { region: 'eu-west-2' }).url).toBe('https://sts.eu-west-2.amazonaws.com/');
    expect(endpoint('sts', { region: 'cn-northwest-1' })).toEqual({
      url: 'https://sts.cn-northwest-1.amazonaws.com.cn/',
      region: 'cn-northwest-1',
      partition: 'aws-cn',
    });
    expect(endpoint('sts', { region: 'us-gov-east-1' }).url).toBe('https://sts.us-gov-east-1.amazonaws.com/');
  });

  it('sends IAM to the one endpoint of the partition, signed for its home region', () => {
    expect(endpoint('iam', { region: 'eu-central-1' })).toEqual({ url: 'https://iam.amazonaws.com/', region: 'us-east-1', partition: 'aws' });
    expect(endpoint('iam', { region: 'cn-north-1' })).toEqual({
      url: 'https://iam.cn-north-1.amazonaws.com.cn/',
      region: 'cn-north-1',
      partition: 'aws-cn',
    });
    expect(endpoint('iam', { region: 'us-gov-east-1' })).toEqual({
      url: 'https://iam.us-gov.amazonaws.com/',
      region: 'us-gov-west-1',
      partition: 'aws-us-gov',
    });
  });

  it('prefers --endpoint-url, then the service variable, then AWS_ENDPOINT_URL', () => {
    const all = {
      endpointUrl: 'http://127.0.0.1:1/',
      serviceEndpointUrls: { sts: 'http://127.0.0.1:2/' },
      globalEndpointUrl: 'http://127.0.0.1:3/',
    };
    expect(endpoint('sts', all).url).toBe('http://127.0.0.1:1/');
    expect(endpoint('sts', { ...all, endpointUrl: undefined }).url).toBe('http://127.0.0.1:2/');
    expect(endpoint('iam', { ...all, endpointUrl: undefined }).url).toBe('http://127.0.0.1:3/');
  });

  it('refuses a bad region and a bad URL, naming the setting', () => {
    const bad = resolveEndpoint('sts', { region: 'Europe' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('region');
    const url = resolveEndpoint('sts', { serviceEndpointUrls: { sts: 'ftp://x' } });
    expect(url.ok).toBe(false);
    if (!url.ok) expect(url.error.message).toMatch(/AWS_ENDPOINT_URL_STS/);
    const creds = resolveEndpoint('sts', { endpointUrl: 'https://u:p@host/' });
    expect(creds.ok).toBe(false);
  });

  it('refuses an empty endpoint, flag or variable, instead of reaching the real AWS (issue #7)', () => {
    const flag = resolveEndpoint('sts', endpointSettingsFromEnv({}, { endpointUrl: '' }));
    expect(flag).toMatchObject({ ok: false, error: { kind: 'input', field: '--endpoint-url', message: '--endpoint-url is empty.' } });
    for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS'] as const) {
      const r = resolveEndpoint('sts', endpointSettingsFromEnv({ [name]: ' ' }));
      expect(r).toMatchObject({ ok: false, error: { field: name, message: `${name} is empty.` } });
    }
    expect(resolveEndpoint('iam', endpointSettingsFromEnv({ AWS_ENDPOINT_URL_IAM: '' }))).toMatchObject({ ok: false, error: { field: 'AWS_ENDPOINT_URL_IAM' } });
    expect(resolveEndpoint('sts', endpointSettingsFromEnv({}))).toMatchObject({ ok: true, value: { url: new URL('https://sts.amazonaws.com/') } });
  });

  it('refuses endpoint values that are not URLs, naming the variable', () => {
    for (const raw of ['http://[::1', 'http://127.0.0.1:notaport', '::::garbage::::']) {
      expect(resolveEndpoint('iam', endpointSettingsFromEnv({ AWS_ENDPOINT_URL_IAM: raw }))).toMatchObject({ ok: false, error: { field: 'AWS_ENDPOINT_URL_IAM', message: `AWS_ENDPOINT_URL_IAM "${raw}" is not a URL.` } });
    }
  });

  it('never repeats a user name and password in the error about an endpoint value that is not a URL', () => {
    // As for a proxy value: everything before the last @ reads ***.
    for (const raw of ['https://alice:hunter2@sts.amazonaws.com:99999/', 'https://alice:hun/ter2@host:x/']) {
      const r = resolveEndpoint('sts', endpointSettingsFromEnv({}, { endpointUrl: raw }));
      expect(r).toMatchObject({ ok: false, error: { field: '--endpoint-url', message: `--endpoint-url "https://***@${raw.split('@')[1]}" is not a URL.` } });
    }
  });

  it('refuses plain http to another computer unless allowed, and keeps loopback http (issue #7)', () => {
    const remote = resolveEndpoint('sts', endpointSettingsFromEnv({ AWS_ENDPOINT_URL: 'http://10.1.2.3:5000' }));
    expect(remote).toMatchObject({ ok: false, error: { field: 'AWS_ENDPOINT_URL' } });
    if (!remote.ok) expect(remote.error.message).toMatch(/http:\/\/10\.1\.2\.3:5000 is plain http to another computer/);
    expect(resolveEndpoint('iam', endpointSettingsFromEnv({}, { endpointUrl: 'http://sts.example.com' }))).toMatchObject({ ok: false, error: { field: '--endpoint-url' } });
    expect(resolveEndpoint('sts', endpointSettingsFromEnv({ AWS_ENDPOINT_URL: 'http://10.1.2.3:5000', KEYSCOPE_ALLOW_HTTP: '1' })).ok).toBe(true);
    expect(resolveEndpoint('sts', endpointSettingsFromEnv({ AWS_ENDPOINT_URL: 'http://10.1.2.3:5000' }, { allowHttp: true })).ok).toBe(true);
    expect(resolveEndpoint('sts', endpointSettingsFromEnv({ AWS_ENDPOINT_URL: 'https://10.1.2.3:5000' })).ok).toBe(true);
    for (const local of ['http://127.0.0.1:5000', 'http://127.8.9.10/', 'http://[::1]:5000', 'http://localhost:5000', 'http://LOCALHOST']) {
      expect(resolveEndpoint('sts', endpointSettingsFromEnv({ AWS_ENDPOINT_URL: local })).ok).toBe(true);
    }
    expect(isLoopbackHost('127.0.0.1.evil.com')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
    expect(isLoopbackHost('[::2]')).toBe(false);
  });

  it('maps regions to partitions', () => {
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
  });
});
