import { describe, expect, it } from 'vitest';
import { bypasses, proxyFor } from './proxy.js';

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
});
