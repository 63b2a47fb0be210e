/** The browser UI's request checks on their own (ui.test.ts runs them through a real `keyscope ui`). */
import { describe, expect, it } from 'vitest';
import { bodyCap, firstUses, MAX_BODY_BYTES, refuseForeign, refuseNotJson, refuseUnprovenSocket, refuseWithoutToken, secretMatches, socketProof } from './request-guard.js';

const ORIGIN = 'http://127.0.0.1:4321';
const TOKEN = 'a'.repeat(48);

describe('request guard', () => {
  it('reads 1 MiB of a request, but a credential report import (20 MiB, JSON-escaped) up to 48 MiB', () => {
    expect(bodyCap('profiles:list')).toBe(MAX_BODY_BYTES);
    expect(bodyCap('review:import-report')).toBeGreaterThanOrEqual(2 * 20 * 1024 * 1024);
  });

  it('answers only its own host and origin', () => {
    expect(refuseForeign({ host: '127.0.0.1:4321' }, ORIGIN)).toBeNull();
    expect(refuseForeign({ host: '127.0.0.1:4321', origin: ORIGIN, 'sec-fetch-site': 'same-origin' }, ORIGIN)).toBeNull();
    for (const host of [undefined, 'localhost:4321', 'attacker.example:4321', '127.0.0.1:4322', '127.0.0.1']) expect(refuseForeign({ host }, ORIGIN)?.status).toBe(421);
    for (const origin of ['http://attacker.example', 'null', 'http://localhost:4321', 'https://127.0.0.1:4321']) expect(refuseForeign({ host: '127.0.0.1:4321', origin }, ORIGIN)?.status).toBe(403);
    // A cross-site navigation (no Origin header on a GET) still says where it came from.
    expect(refuseForeign({ host: '127.0.0.1:4321', 'sec-fetch-site': 'cross-site' }, ORIGIN)?.status).toBe(403);
  });

  it('reads only JSON: a form or text/plain body (what another site can send without asking first) is refused', () => {
    expect(refuseNotJson({ 'content-type': 'application/json' })).toBeNull();
    expect(refuseNotJson({ 'content-type': 'Application/JSON; charset=utf-8' })).toBeNull();
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      expect(refuseNotJson({ 'content-type': type })).toMatchObject({ status: 415, message: 'The API reads JSON only (Content-Type: application/json).' });
    }
  });

  it('wants the token in the header or in ?t=, whole', () => {
    expect(refuseWithoutToken({ 'x-keyscope-token': TOKEN }, new URL(`${ORIGIN}/api/x`), TOKEN)).toBeNull();
    expect(refuseWithoutToken({}, new URL(`${ORIGIN}/?t=${TOKEN}`), TOKEN)).toBeNull();
    expect(refuseWithoutToken({}, new URL(`${ORIGIN}/`), TOKEN)?.status).toBe(403);
    expect(secretMatches(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(secretMatches(`${TOKEN}a`, TOKEN)).toBe(false);
    expect(secretMatches(['x'], TOKEN)).toBe(false);
    expect(secretMatches('', TOKEN)).toBe(false);
  });

  it('lets an events socket in only with the page\'s proof of the socket key over the socket\'s nonce and the page\'s id, each nonce once; a refused one is not remembered', () => {
    const [nonce, page, key] = ['1'.repeat(32), '2'.repeat(32), 'c'.repeat(64)];
    const proof = socketProof(key, 'page', nonce, page);
    expect(proof).toMatch(/^[0-9a-f]{64}$/);
    const firstUse = firstUses();
    for (const wrong of [undefined, '', key, socketProof(key, 'server', nonce, page), socketProof(TOKEN, 'page', nonce, page), socketProof(key, 'page', nonce, '3'.repeat(32))]) {
      expect(refuseUnprovenSocket(wrong, key, nonce, page, firstUse)).toMatchObject({ status: 403, message: expect.stringContaining('proof') });
    }
    expect(refuseUnprovenSocket(proof, key, nonce, page, firstUse)).toBeNull();
    expect(refuseUnprovenSocket(proof, key, nonce, page, firstUse)).toMatchObject({ status: 403, message: expect.stringContaining('used already') });
  });

  it('remembers the last nonces it was asked about, the oldest forgotten first', () => {
    const firstUse = firstUses(2);
    expect(['a', 'b', 'a', 'c', 'b', 'a'].map(firstUse)).toEqual([true, true, false, true, false, true]);
  });
});
