import { describe, expect, it } from 'vitest';
import { bypasses, checkProxyVariables, cleartextProxyFailure, proxyFor } from './proxy.js';
import { createTransport } from './transport.js';

describe('proxy selection', () => {
  const sts = new URL('https://sts.amazonaws.com/');
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http, lower case first', () => {
    expect(proxyFor(sts, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' })?.host).toBe('lower:2');
    expect(proxyFor(sts, { HTTPS_PROXY: 'upper:3' })?.href).toBe('http://upper:3/');
    expect(proxyFor(new URL('http://127.0.0.1:9/'), { HTTPS_PROXY: 'http://p:1' })).toBeUndefined();
    expect(proxyFor(new URL('http://127.0.0.1:9/'), { HTTP_PROXY: 'http://p:1' })?.host).toBe('p:1');
  });

  it('honours NO_PROXY entries: star, suffix, leading dot, port', () => {
    expect(bypasses(sts, '*')).toBe(true);
    expect(bypasses(sts, 'amazonaws.com')).toBe(true);
    expect(bypasses(sts, '.amazonaws.com')).toBe(true);
    expect(bypasses(sts, 'example.com, other')).toBe(false);
    expect(bypasses(sts, 'sts.amazonaws.com:443')).toBe(true);
    expect(bypasses(sts, 'sts.amazonaws.com:8443')).toBe(false);
    expect(bypasses(new URL('http://127.0.0.1:5000/'), '127.0.0.1')).toBe(true);
    expect(proxyFor(sts, { HTTPS_PROXY: 'http://p:1', no_proxy: 'amazonaws.com' })).toBeUndefined();
  });

  it('reads [IPv6]:port and leading dots as the AWS CLI does', () => {
    // aws-cli 1.45 went direct to http://[::1]:18766 with NO_PROXY=[::1]:18766, and to 127.0.0.1 with ..0.0.1 (every dot stripped).
    const v6 = new URL('http://[::1]:5000/');
    expect(bypasses(v6, '[::1]:5000')).toBe(true);
    expect(bypasses(v6, '[::1]:5001')).toBe(false);
    expect(bypasses(v6, '[::1]')).toBe(true);
    expect(bypasses(new URL('https://[::1]/'), '[::1]:443')).toBe(true);
    expect(bypasses(sts, '..amazonaws.com')).toBe(true);
    expect(bypasses(sts, '*.amazonaws.com')).toBe(true);
    expect(proxyFor(v6, { HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: 'example.com,[::1]:5000' })).toBeUndefined();
  });

  it('reads a CIDR entry as the AWS CLI does (Python urllib: names and suffixes only): never as a range', () => {
    // aws-cli 1.45 / botocore 1.43 with HTTP_PROXY at a dead port: NO_PROXY=127.0.0.0/8 or ::1/128 still went to the proxy.
    const local = new URL('http://127.0.0.1:5000/');
    for (const entry of ['127.0.0.0/8', '127.0.0.1/32', '::1/128', '127.0.0.0/33', '127.0.0.1/x']) {
      expect(bypasses(local, entry), entry).toBe(false);
      expect(bypasses(new URL('http://[::1]:5000/'), entry), entry).toBe(false);
    }
    expect(proxyFor(local, { HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.0/8' })?.host).toBe('127.0.0.1:9');
  });

  it('refuses a proxy variable that is not a proxy URL, naming it, instead of going direct (issue #7)', () => {
    const cases: Array<[string, string]> = [
      ['HTTP_PROXY', '::::garbage::::'],
      ['HTTPS_PROXY', 'http://[::1'],
      ['https_proxy', 'http://127.0.0.1:notaport'],
      ['http_proxy', 'socks5://127.0.0.1:1080'],
    ];
    for (const [name, value] of cases) {
      const failure = checkProxyVariables({ [name]: value });
      expect(failure).toMatchObject({ kind: 'input', field: name });
      expect(failure?.message).toContain(name);
      const t = createTransport({ env: { [name]: value } });
      expect(t).toMatchObject({ ok: false, error: { field: name } });
    }
  });

  it('takes an empty proxy variable as unset, and accepts host:port and user:password', () => {
    expect(checkProxyVariables({ HTTPS_PROXY: '', http_proxy: ' ' })).toBeUndefined();
    expect(checkProxyVariables({ HTTPS_PROXY: 'proxy:3128', HTTP_PROXY: 'http://u:p@[::1]:3128' })).toBeUndefined();
    // An empty lower-case variable does not hide the upper-case one (the request went direct).
    const target = new URL('https://sts.amazonaws.com/');
    expect(proxyFor(target, { https_proxy: '', HTTPS_PROXY: 'http://proxy.example.com:3128' })?.host).toBe('proxy.example.com:3128');
    expect(proxyFor(target, { https_proxy: ' ', HTTPS_PROXY: 'http://proxy.example.com:3128', no_proxy: '', NO_PROXY: 'amazonaws.com' })).toBeUndefined();
    expect(proxyFor(target, { https_proxy: 'http://lower.example.com:3128', HTTPS_PROXY: 'http://proxy.example.com:3128' })?.host).toBe('lower.example.com:3128');
  });

  it("never repeats a proxy's password in the error about its value", () => {
    for (const value of ['http://alice:s3cr3t-pass@proxy.example.com:99999', 'alice:s3cr3t-pass@proxy example:3128', '//alice:s3cr3t-pass@[bad']) {
      const failure = checkProxyVariables({ HTTPS_PROXY: value });
      expect(failure, value).toMatchObject({ kind: 'input', field: 'HTTPS_PROXY' });
      expect(`${failure?.message} ${failure?.hint}`).not.toContain('s3cr3t');
      expect(failure?.message).toContain('***@');
    }
  });

  it('refuses plain http through a proxy on another computer, unless allowed or bypassed', () => {
    const local = new URL('http://127.0.0.1:5000/');
    expect(cleartextProxyFailure(local, { http_proxy: 'http://proxy.example.com:3128' }, false)).toMatchObject({ field: 'http_proxy' });
    expect(cleartextProxyFailure(local, { HTTP_PROXY: 'http://proxy.example.com:3128' }, true)).toBeUndefined();
    expect(cleartextProxyFailure(local, { HTTP_PROXY: 'http://proxy.example.com:3128', NO_PROXY: '127.0.0.1' }, false)).toBeUndefined();
    expect(cleartextProxyFailure(local, { HTTP_PROXY: 'http://127.0.0.1:3128' }, false)).toBeUndefined();
    expect(cleartextProxyFailure(new URL('https://sts.amazonaws.com/'), { HTTPS_PROXY: 'http://proxy.example.com:3128' }, false)).toBeUndefined();
  });
});
