/** The preload's stand-in for the browser: the same named functions (shared/api-names.ts), over fetch, and events over a WebSocket. */
import { API_NAMES, EARLY_CHANNELS } from '../../shared/api-names.js';
import { EVENT_CHANNELS } from '../../shared/contract.js';
import { UNREACHED } from '../../shared/failure.js';
import { SOCKET_PROOF_LABELS } from './request-guard.js';

/** The API script's tag's attribute holding the socket key (server.ts puts it there, in the page served to the token). */
export const SOCKET_KEY_ATTRIBUTE = 'data-socket-key';

/** How long the page waits for its events socket to open and its server's proof to come (a round trip, on loopback). */
const PROOF_WAIT_MS = 5_000;

/**
 * The script the page loads before the app: it defines window.keyscope with the token from the page's `?t=`, and the
 * socket key from its own tag, which it takes off.
 * `keptMs`: how long the server keeps a page without an events socket (PageSockets.keptMs).
 */
export function apiScript(keptMs: number): string {
  return `(() => {
  const token = new URLSearchParams(location.search).get('t');
  const tag = document.currentScript;
  const socketKey = tag?.getAttribute(${JSON.stringify(SOCKET_KEY_ATTRIBUTE)});
  tag?.removeAttribute(${JSON.stringify(SOCKET_KEY_ATTRIBUTE)});
  const unreached = ${JSON.stringify(UNREACHED)};
  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  // This page's own id, on its requests and its events socket: a bulk check it started is cancelled once the page has
  // had no socket for a while, or at once when the tab closes or reloads, as leaving the view cancels it.
  const page = hex(crypto.getRandomValues(new Uint8Array(16)));
  // The socket key as an HMAC key: the page proves with it to its events socket's server that it holds the key, and
  // the server proves so back, each over its own words, the socket's nonce and this page's id; neither sends it. Not
  // the token: that is in this page's address, which reloading or duplicating the tab, or opening one of its links in
  // a new tab, sends to whatever holds the port, a program that took it after keyscope ui stopped included.
  const text = new TextEncoder();
  let imported = null; // made at the first proof, not before the page's first paint
  const key = () => (imported ??= socketKey ? crypto.subtle.importKey('raw', text.encode(socketKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) : Promise.reject(new Error('no socket key')));
  const words = (by, nonce) => text.encode(${JSON.stringify(SOCKET_PROOF_LABELS)}[by] + ':' + nonce + ':' + page);
  const proofOf = async (nonce) => hex(new Uint8Array(await crypto.subtle.sign('HMAC', await key(), words('page', nonce))));
  const proves = async (proof, nonce) =>
    typeof proof === 'string' && /^[0-9a-f]{64}$/.test(proof) &&
    crypto.subtle.verify('HMAC', await key(), new Uint8Array(proof.match(/../g).map((h) => parseInt(h, 16))), words('server', nonce));

  // Events over a WebSocket of this page's own: a browser's six connections to one host stay for the requests.
  // Opened with the page's proof in its address (keyscope ui refuses it without), never the token or the key; the
  // server's first message is its own proof, and only once it is checked does the page hear events and send requests.
  // A program that took the port of a keyscope ui that stopped is sent nothing it can use, even once it learned the
  // token: a wrong proof ends the page's tries for good, and one not made within ${PROOF_WAIT_MS / 1000} s counts as no
  // socket. A keyscope ui started again there (a new key) refuses the page's socket.
  // Opened again, under the same id, whenever it closes (a dropped connection), 0.5 s later, then up to 5 s apart (at
  // once for a request waiting): the server sends what came meanwhile, or, saying the page is back (&back=1) after it
  // gave the page up, that it is lost. A page with no proven socket for as long as the server would keep it (keyscope
  // ui stopped, or cannot be reached) says so itself, once until one is proven again: what it waits for may never come.
  const listeners = {};
  for (const e of ${JSON.stringify(EVENT_CHANNELS)}) listeners[e] = new Set();
  const emit = (event, payload) => listeners[event]?.forEach((l) => l(payload));
  const deliver = (data) => {
    const { event, payload } = JSON.parse(data);
    emit(event, payload);
  };
  let retry = 500;
  let back = '';
  let alone = null;
  let later = null;
  let events = null; // the socket opening (its proof being made) or open
  let proven = false;
  let wrong = false;
  const waiting = [];
  const settle = (ok) => waiting.splice(0).forEach((w) => w(ok));
  const open = (nonce, proof) => {
    const socket = (events = new WebSocket('ws://' + location.host + '/api/events?page=' + page + '&n=' + nonce + '&p=' + proof + back));
    const late = setTimeout(() => socket.close(), ${PROOF_WAIT_MS});
    let step = 'proof';
    const held = []; // what came while the server's proof was being checked
    // Not the keyscope ui that printed this page's token, and that one never comes back: asked nothing more.
    const stranger = () => {
      wrong = true;
      clearTimeout(later);
      socket.close();
    };
    const proved = () => {
      if (socket.readyState !== WebSocket.OPEN) return;
      step = 'open';
      proven = true;
      clearTimeout(late);
      retry = 500;
      back = '&back=1';
      clearTimeout(alone);
      alone = null;
      settle(true);
      held.splice(0).forEach(deliver);
    };
    socket.addEventListener('message', ({ data }) => {
      if (step === 'open') return deliver(data);
      if (step === 'checking') return void held.push(data);
      step = 'checking';
      let message = null;
      try {
        message = JSON.parse(data);
      } catch {}
      proves(message?.proof, nonce).then((ok) => (ok ? proved() : stranger()), stranger);
    });
    socket.addEventListener('close', () => {
      clearTimeout(late);
      if (events === socket) events = null;
      proven = false;
      settle(false);
      alone ??= setTimeout(() => emit('app:events-lost', { keptMs: ${keptMs}, by: 'page' }), ${keptMs});
      if (!wrong) later = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    });
  };
  const connect = () => {
    clearTimeout(later);
    const nonce = hex(crypto.getRandomValues(new Uint8Array(16)));
    // A proof WebCrypto cannot make (no socket key on the tag, or refused as a key): no socket ever, and every request unreached.
    const making = (events = proofOf(nonce).then((proof) => events === making && open(nonce, proof), () => ((wrong = true), (events = null), settle(false))));
  };
  // The socket is opened once the page has loaded (its first paint is not kept waiting on it), or at once by a request
  // that needs it first.
  addEventListener('load', () => events || proven || wrong || connect(), { once: true });
  // A request waits for a proven socket (one opened at once if none is opening); one that finds none, or that got no
  // answer at all (keyscope ui stopped, or the connection dropped), rejects with UNREACHED, which the app says in
  // words; an answer that is not JSON rejects as it is.
  const ready = () =>
    proven ? Promise.resolve() : wrong ? Promise.reject(unreached) : new Promise((resolve, reject) => {
      waiting.push((ok) => (ok ? resolve() : reject(unreached)));
      if (!events) connect();
    });
  const send = (channel, request) => fetch('/api/' + channel, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyscope-token': token, 'x-keyscope-page': page }, body: JSON.stringify(request) }).then((r) => r.json(), () => Promise.reject(unreached));
  const call = (channel) => (request) => ready().then(() => send(channel, request));
  const api = {};
  for (const [c, name] of Object.entries(${JSON.stringify(API_NAMES)})) api[name] = call(c);
  // The app's first questions (EARLY_CHANNELS), sent now, with the page's load, while the app's script still loads:
  // to the keyscope ui that has just served this page (it holds the socket key the page carries), before any socket
  // is proven; waiting for the proof put the answers after the app's script (a list of 1,000 profiles showed ~10 ms
  // later). Every later request waits for the proof. The catch only marks the promise handled: the caller still sees
  // a failure.
  for (const [c, name] of ${JSON.stringify(EARLY_CHANNELS.map((c) => [c, API_NAMES[c]]))}) {
    let early = socketKey ? send(c, {}) : api[name]({});
    early.catch(() => {});
    api[name] = (request) => {
      const answer = early && JSON.stringify(request) === '{}' ? early : call(c)(request);
      early = null;
      return answer;
    };
  }
  api.on = (event, listener) => { listeners[event].add(listener); return () => listeners[event].delete(listener); };
  window.keyscope = Object.freeze(api);
})();`;
}
