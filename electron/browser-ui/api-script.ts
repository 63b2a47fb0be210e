/** The preload's stand-in for the browser: the same named functions (shared/api-names.ts), over fetch, and events over a WebSocket. */
import { API_NAMES, EARLY_CHANNELS } from '../../shared/api-names.js';
import { EVENT_CHANNELS } from '../../shared/contract.js';
import { UNREACHED } from '../../shared/failure.js';

/**
 * The script the page loads before the app: it defines window.keyscope with the token from the page's `?t=`.
 * `keptMs`: how long the server keeps a page without an events socket (PageSockets.keptMs).
 */
export function apiScript(keptMs: number): string {
  return `(() => {
  const token = new URLSearchParams(location.search).get('t');
  // This page's own id, on its requests and its events socket: a bulk check it started is cancelled once the page has
  // had no socket for a while, or at once when the tab closes or reloads, as leaving the view cancels it.
  const page = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  // A request that got no answer at all (keyscope ui stopped, or the connection dropped) rejects with UNREACHED, which
  // the app says in words; an answer that is not JSON rejects as it is.
  const call = (channel) => (request) => fetch('/api/' + channel, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyscope-token': token, 'x-keyscope-page': page }, body: JSON.stringify(request) }).then((r) => r.json(), () => Promise.reject(${JSON.stringify(UNREACHED)}));
  const api = {};
  for (const [c, name] of Object.entries(${JSON.stringify(API_NAMES)})) api[name] = call(c);
  // The app's first questions (EARLY_CHANNELS), asked now; the catch only marks the promise handled: the caller
  // still sees a failure.
  for (const [c, name] of ${JSON.stringify(EARLY_CHANNELS.map((c) => [c, API_NAMES[c]]))}) {
    let early = api[name]({});
    early.catch(() => {});
    api[name] = (request) => {
      const answer = early && JSON.stringify(request) === '{}' ? early : call(c)(request);
      early = null;
      return answer;
    };
  }
  // Events over a WebSocket of this page's own: a browser's six connections to one host stay for the requests.
  // Opened again, under the same id, whenever it closes (a dropped connection), 0.5 s later, then up to 5 s apart: the
  // server sends what came meanwhile, or, saying the page is back (&back=1) after it gave the page up, that it is lost.
  // A page with no socket for as long as the server would keep it (keyscope ui stopped, or cannot be reached) says
  // so itself, once until a socket opens again: what it waits for may never come.
  const listeners = {};
  for (const e of ${JSON.stringify(EVENT_CHANNELS)}) listeners[e] = new Set();
  const emit = (event, payload) => listeners[event]?.forEach((l) => l(payload));
  let retry = 500;
  let back = '';
  let alone = null;
  const connect = () => {
    const events = new WebSocket('ws://' + location.host + '/api/events?t=' + encodeURIComponent(token) + '&page=' + page + back);
    events.addEventListener('open', () => ((retry = 500), (back = '&back=1'), clearTimeout(alone), (alone = null)));
    events.addEventListener('message', (m) => {
      const { event, payload } = JSON.parse(m.data);
      emit(event, payload);
    });
    events.addEventListener('close', () => {
      alone ??= setTimeout(() => emit('app:events-lost', { keptMs: ${keptMs}, by: 'page' }), ${keptMs});
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    });
  };
  connect();
  api.on = (event, listener) => { listeners[event].add(listener); return () => listeners[event].delete(listener); };
  window.keyscope = Object.freeze(api);
})();`;
}
