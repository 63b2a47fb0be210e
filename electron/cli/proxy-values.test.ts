/**
 * What the built `keyscope` says of a proxy URL whose password it cannot read (README, "Where requests go": the
 * password "is never shown: an error about the value prints `***@` in its place"). A password holding `/`, `?` or `#`
 * unencoded ends the URL's authority early: the value was refused, but with the password in the message; or, with
 * digits before the `/`, it parsed as a proxy at "user:digits", and the request went there.
 */
import { describe, expect, it } from 'vitest';
import { assertBuilt, ENV_KEY, runKeyscope } from '../../e2e/fixtures/keyscope-process.js';

// Nothing listens at port 9 here; nothing is sent anyway: the value is refused before.
const ENDPOINT = { AWS_ENDPOINT_URL: 'https://127.0.0.1:9/' };

describe('a proxy password the URL cannot hold', () => {
  assertBuilt();

  it.each([
    ['a slash', 'http://alice:Zq/9secret@proxy.example.com:3128', 'Zq/9secret'],
    ['a hash', 'http://alice:Zq#9secret@proxy.example.com:3128', 'Zq#9secret'],
    ['a question mark', 'http://alice:Zq?9secret@proxy.example.com:3128', 'Zq?9secret'],
    ['a slash, host:port form', 'alice:Zq/9secret@proxy.example.com:3128', 'Zq/9secret'],
  ])('with %s: exit 2, the value said with ***@, no part of the password, and what to encode', async (_what, value, password) => {
    const r = await runKeyscope(['verify', '--no-last-used'], { ...ENV_KEY, ...ENDPOINT, HTTPS_PROXY: value });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('HTTPS_PROXY "');
    expect(r.stderr).toContain('***@proxy.example.com:3128');
    expect(r.stderr).not.toContain(password.slice(2)); // "/9secret", "#9secret", "?9secret": what followed the cut
    expect(r.stderr).not.toContain('9secret');
    expect(r.stderr).toMatch(/percent-encode/);
  });

  it('of digits and a slash: refused (exit 2), not taken as the proxy "localhost:4321", and the digits never shown', async () => {
    // http://localhost:4321/xy@proxy.example.com:3128 is a URL to the host localhost, port 4321: the request went there.
    const r = await runKeyscope(['verify', '--no-last-used', '--output', 'json'], { ...ENV_KEY, ...ENDPOINT, HTTPS_PROXY: 'http://localhost:4321/xy@proxy.example.com:3128' });
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('HTTPS_PROXY "http://***@proxy.example.com:3128" is not a proxy URL');
    expect(r.stderr).not.toContain('4321');
    expect(r.stderr).toMatch(/percent-encode/);
  });

  it('still takes a password percent-encoded, and never shows it (the tunnel is refused: nothing listens)', async () => {
    const r = await runKeyscope(['verify', '--no-last-used', '--output', 'json'], { ...ENV_KEY, ...ENDPOINT, HTTPS_PROXY: 'http://alice:Zq%2F9secret@127.0.0.1:9' });
    expect(r.code, r.stderr).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ Valid: null, Error: { Code: 'ECONNREFUSED', Message: expect.stringContaining('via proxy 127.0.0.1:9') } });
    expect(`${r.stdout}${r.stderr}`).not.toContain('9secret');
  });
});

describe('plain http to this computer through a proxy on another one', () => {
  it('names the variable that holds the proxy: HTTP_PROXY when it alone is set', async () => {
    const r = await runKeyscope(['verify', '--no-last-used'], { ...ENV_KEY, AWS_ENDPOINT_URL: 'http://127.0.0.1:9/', HTTP_PROXY: 'http://proxy.example.com:3128' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^keyscope: HTTP_PROXY would carry plain http to 127\.0\.0\.1:9 through proxy\.example\.com:3128/);
  });

  it('an http_proxy set but empty means no proxy, as in the AWS CLI (Python urllib): HTTP_PROXY is not read, and the check goes straight to the endpoint', async () => {
    const r = await runKeyscope(['verify', '--no-last-used'], { ...ENV_KEY, AWS_ENDPOINT_URL: 'http://127.0.0.1:9/', http_proxy: '', HTTP_PROXY: 'http://proxy.example.com:3128' });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).not.toContain('HTTP_PROXY');
    expect(r.stdout).toContain('The connection was refused. (127.0.0.1:9)');
  });
});
