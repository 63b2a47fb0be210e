import { execFileSync } from 'node:child_process';
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
    // A port names only a URL that names it: botocore's netloc carries no default port.
    expect(bypasses(sts, 'sts.amazonaws.com:443')).toBe(false);
    expect(bypasses(new URL('https://sts.amazonaws.com:8443/'), 'sts.amazonaws.com:8443')).toBe(true);
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
    expect(bypasses(new URL('https://[::1]/'), '[::1]:443')).toBe(false);
    expect(bypasses(v6, '::1')).toBe(false);
    expect(bypasses(sts, '..amazonaws.com')).toBe(true);
    expect(bypasses(sts, '*.amazonaws.com')).toBe(false);
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

  it("decides every NO_PROXY entry and URL as the AWS CLI does (botocore hands Python's urllib the URL's netloc)", () => {
    const urls = ['https://sts.amazonaws.com/', 'https://sts.us-east-1.amazonaws.com/', 'http://127.0.0.1:5000/', 'http://[::1]:5000/', 'https://[::1]/', 'https://iam.amazonaws.com.cn/'];
    const entries = [
      '*', ' *', '*,a.com', 'a.com,*', 'amazonaws.com', '.amazonaws.com', '..amazonaws.com', '*.amazonaws.com', 'AMAZONAWS.COM', 'sts.amazonaws.com:443',
      'sts.amazonaws.com:8443', 'a.com b.com', 'a.com, amazonaws.com', ' amazonaws.com ', '127.0.0.1', '127.0.0.1:5000', '127.0.0.1:5001', '.0.0.1', '0.0.1',
      '::1', '[::1]', '[::1]:5000', '[::1]:443', '127.0.0.0/8', '', ',', '.', 'com', 'com.cn', 'amazonaws.com.cn:443',
    ];
    const script = [
      'import json, sys, urllib.request',
      'from urllib.parse import urlparse',
      'urls, entries = json.loads(sys.argv[1]), json.loads(sys.argv[2])',
      'print(json.dumps([[bool(urllib.request.proxy_bypass_environment(urlparse(u).netloc, {"no": e})) for e in entries] for u in urls]))',
    ].join('\n');
    const byAwsCli = JSON.parse(execFileSync('python3', ['-c', script, JSON.stringify(urls), JSON.stringify(entries)], { encoding: 'utf8' })) as boolean[][];
    expect(byAwsCli[0]?.[0]).toBe(true);
    expect(urls.map((u) => entries.map((e) => bypasses(new URL(u), e)))).toEqual(byAwsCli);
  });

  it('reads the lower-case variable whenever it is set, empty too, as the AWS CLI (Python urllib) does: an empty one means none', () => {
    const script = 'import json, urllib.request\np = urllib.request.getproxies()\nprint(json.dumps([p.get("https"), urllib.request.proxy_bypass("sts.amazonaws.com")]))';
    const env = { https_proxy: '', HTTPS_PROXY: 'http://proxy.example.com:3128' };
    const python = (e: Record<string, string>) => JSON.parse(execFileSync('python3', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...e }, encoding: 'utf8' })) as [string | null, boolean];
    expect(python(env)[0]).toBeNull();
    expect(proxyFor(sts, env)).toBeUndefined();
    // Run as a CGI script, HTTP_PROXY is not read (urllib's guard against "httpoxy"); http_proxy still is.
    const cgi = { REQUEST_METHOD: 'GET', HTTP_PROXY: 'http://proxy.example.com:3128' };
    const httpScript = 'import json, urllib.request\nprint(json.dumps(urllib.request.getproxies().get("http")))';
    const pythonHttp = (e: Record<string, string>) => JSON.parse(execFileSync('python3', ['-c', httpScript], { env: { PATH: process.env.PATH ?? '', ...e }, encoding: 'utf8' })) as string | null;
    expect(pythonHttp(cgi)).toBeNull();
    expect(proxyFor(new URL('http://10.0.0.5:5000/'), cgi)).toBeUndefined();
    expect(pythonHttp({ ...cgi, http_proxy: 'http://lower.example.com:3128' })).toBe('http://lower.example.com:3128');
    expect(proxyFor(new URL('http://10.0.0.5:5000/'), { ...cgi, http_proxy: 'http://lower.example.com:3128' })?.host).toBe('lower.example.com:3128');
    const noProxy = { HTTPS_PROXY: 'http://proxy.example.com:3128', no_proxy: '', NO_PROXY: 'amazonaws.com' };
    expect(python(noProxy)).toEqual(['http://proxy.example.com:3128', false]);
    expect(proxyFor(sts, noProxy)?.host).toBe('proxy.example.com:3128');
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
    // An empty lower-case variable hides the upper-case one, as in the AWS CLI (see the test against Python's urllib).
    const target = new URL('https://sts.amazonaws.com/');
    expect(proxyFor(target, { https_proxy: '', HTTPS_PROXY: 'http://proxy.example.com:3128' })).toBeUndefined();
    expect(proxyFor(target, { HTTPS_PROXY: 'http://proxy.example.com:3128', no_proxy: 'amazonaws.com', NO_PROXY: '' })).toBeUndefined();
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
