import { describe, expect, it } from 'vitest';
import { partitionOf, resolveEndpoint } from './endpoints.js';

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

  it('maps regions to partitions', () => {
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
  });
});
