// The renderer rows of npm run bench: first contentful paint against a static page, and the list of N profiles
// visible against an empty list and against the same pages copied as static markup (no script) and made again by the
// least script, in headless Debian Chromium (playwright-core), the app served by `keyscope ui`.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { clearTimeout, setTimeout } from 'node:timers';
import { chromium } from 'playwright-core';
import { turnedOrder } from './report.mjs';

/* global performance, document, DOMParser, fetch, URLSearchParams, location -- read inside the page (waitForFunction, the copies) */

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const STATIC = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title></head><body><h1>keyscope</h1><p>A static page: the floor of a first paint.</p></body></html>';

/** `keyscope ui --no-open` on a store; resolves to its URL (with the token) and a stop function. */
async function startUi(env) {
  const child = spawn(process.execPath, ['bin/keyscope.js', 'ui', '--no-open'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`keyscope ui exited (${code}): ${stderr}`)));
  });
  return { url, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

// Records when the list is on screen: the answer to listProfiles read by the app, then the first frame in which the
// list (a row) or the empty state shows, then one frame more (laid out, painted). The empty state alone is not
// enough: the app shows it before the list arrives. The app's own reading of the answer is watched (its json() is
// wrapped) rather than a copy read again here, which would add a second parse of the full list to its row only.
// The time is handed out on the console: waiting in the page (Playwright's waitForFunction) would inject its script
// and poll every frame in the very window being measured, ~15-20 ms of the page's main thread that lands before or
// after the list by chance. (The first contentful paint is read after the fact: the browser has recorded it.) The
// copies of the list pages (below: static, and made by script) are marked the same way, from the moment their markup
// is parsed, which is where the app's rows start: the answer read.
const MARK = 'keyscope-bench';
const COPIES = ['/copy-full', '/copy-empty', '/built-full', '/built-screen', '/built-empty'];
const VISIBLE = `(() => {
  const fetch0 = window.fetch;
  let told = false;
  const seen = () => {
    if (!document.querySelector('[data-testid^="profile-row-"], section.empty')) return requestAnimationFrame(seen);
    requestAnimationFrame(() => setTimeout(() => told || ((told = true), console.debug('${MARK} list ' + performance.now()))));
  };
  if (${JSON.stringify(COPIES)}.includes(location.pathname)) document.addEventListener('DOMContentLoaded', () => requestAnimationFrame(seen));
  window.fetch = (input, init) => {
    const answer = fetch0(input, init);
    if (!String(input).includes('profiles:list')) return answer;
    return answer.then((r) => {
      const json = r.json.bind(r);
      r.json = () => json().then((v) => (seen(), v));
      return r;
    });
  };
})();`;

// The list page as the app drew it, to be served as static markup: its scripts left out, its style sheet inline. Marked
// as the app's lists are (VISIBLE), it shows the same view with no script at all: the least any page showing it spends.
const SNAPSHOT = () => {
  const css = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll('script, link[rel="stylesheet"]').forEach((e) => e.remove());
  const style = document.createElement('style');
  style.textContent = css;
  copy.querySelector('head').append(style);
  return `<!doctype html>${copy.outerHTML}`;
};

// The floor of a list made by script: each list page as the app drew it (SNAPSHOT), its view taken out (the list's
// whole section: its toolbar, summary, filters, table and the rows in view; or the empty state) and made again by a
// few lines of DOM calls (no framework) once the page has the answer it asks for as it starts (as the app's page asks
// for its own), the app's answer to listProfiles served again by the bench's server, read whole and passed over once
// (as the summary counts it); what to make comes inline as element trees: what any renderer has to produce from the
// answer. Nothing is formatted: the least any script-made list spends. BUILT runs in the app's page.
const BUILT = ([snapshotHtml, selector]) => {
  const copy = new DOMParser().parseFromString(snapshotHtml, 'text/html');
  const parts = [...copy.querySelectorAll(selector)];
  if (parts.length === 0) throw new Error(`no ${selector} to take out of the list page`);
  const tree = (n) => (n.nodeType === 3 ? n.data : [n.localName, [...n.attributes].map((a) => [a.name, a.value]), ...[...n.childNodes].filter((c) => c.nodeType === 1 || c.nodeType === 3).map(tree)]);
  const trees = parts.map(tree);
  const rows = copy.querySelectorAll('[data-testid^="profile-row-"]').length;
  const last = parts.at(-1);
  if (last.nextElementSibling) last.nextElementSibling.setAttribute('data-bench-before', '');
  else last.parentElement.setAttribute('data-bench-in', '');
  parts.forEach((r) => r.remove());
  return { html: `<!doctype html>${copy.documentElement.outerHTML}`, trees, rows };
};
const BUILDER = `benchAnswer.then((answer) => {
  const counts = {};
  for (const p of answer.value) counts[p.status] = (counts[p.status] ?? 0) + 1;
  const make = (t) => {
    if (typeof t === 'string') return document.createTextNode(t);
    const [tag, attrs, ...kids] = t;
    const e = document.createElement(tag);
    for (const [k, v] of attrs) e.setAttribute(k, v);
    for (const kid of kids) e.append(make(kid));
    return e;
  };
  const rows = document.createDocumentFragment();
  for (const t of JSON.parse(document.getElementById('bench-rows').textContent)) rows.append(make(t));
  const before = document.querySelector('[data-bench-before]');
  (before?.parentElement ?? document.querySelector('[data-bench-in]')).insertBefore(rows, before);
});`;
/** JSON as the text of a script element, every "<" escaped (a "</script" or "<!--" in it would end or change it). */
const inlineJson = (id, text) => `<script type="application/json" id="${id}">${text.replace(/</g, '\\u003c')}</script>`;

/** A page of `browser` with VISIBLE in it. */
async function markedPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(VISIBLE);
  return { context, page };
}

/** When the list of `page` shows (VISIBLE's mark, in ms); fails after 60 s. Asked before the page loads. */
function listShown(page, url) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the list of ${url} did not show in 60 s`)), 60_000);
    page.on('console', (m) => {
      const [mark, kind, at] = m.text().split(' ');
      if (mark === MARK && kind === 'list') {
        clearTimeout(timer);
        resolve(Number(at));
      }
    });
  });
}

/** A page of `browser` at `url` once its list shows (VISIBLE's mark); its context to close after. */
async function shownPage(browser, url) {
  const { context, page } = await markedPage(browser);
  const listed = listShown(page, url);
  await page.goto(url);
  await listed;
  return { context, page };
}

/**
 * The app's list page at `url`, once it shows `shows` (a selector), copied: `copy`, as static markup (SNAPSHOT);
 * `pageFor(answerPath)`, made by script (BUILT, BUILDER: `made`, a selector, what is taken out and made again), the
 * static page that asks for that answer and then makes it; `answer`, the page's own listProfiles answer (text;
 * `whole`, read); `rows`, how many rows the page shows.
 */
async function copies(browser, url, shows, made) {
  const { context, page } = await shownPage(browser, url);
  if ((await page.locator(shows).count()) === 0) throw new Error(`the page of ${url} showed no ${shows} to copy as static markup`);
  const copy = await page.evaluate(SNAPSHOT);
  const answer = await page.evaluate(() =>
    fetch('/api/profiles:list', { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyscope-token': new URLSearchParams(location.search).get('t') }, body: '{}' }).then((r) => r.text()),
  );
  const { html, trees, rows } = await page.evaluate(BUILT, [copy, made]);
  await context.close();
  const whole = JSON.parse(answer);
  if (!whole.ok || !Array.isArray(whole.value)) throw new Error(`listProfiles answered no list to build the page from: ${answer.slice(0, 200)}`);
  const head = html.indexOf('>', html.indexOf('<head')) + 1;
  const end = html.lastIndexOf('</body>');
  const pageFor = (answerPath) =>
    `${html.slice(0, head)}<script>window.benchAnswer = fetch('${answerPath}').then((r) => r.json());</script>${html.slice(head, end)}${inlineJson('bench-rows', JSON.stringify(trees))}<script>${BUILDER}</script>${html.slice(end)}`;
  return { copy, pageFor, answer, whole, rows };
}

/** The body of the page at `url` once its list shows, without scripts or the marks BUILT leaves. */
async function shownBody(browser, url) {
  const { context, page } = await shownPage(browser, url);
  const body = await page.evaluate(() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('script').forEach((e) => e.remove());
    for (const e of copy.querySelectorAll('[data-bench-before], [data-bench-in]')) ['data-bench-before', 'data-bench-in'].forEach((a) => e.removeAttribute(a));
    return copy.outerHTML;
  });
  await context.close();
  return body;
}

/** Fails unless the page made by script at `built` shows what the static copy at `copy` does. */
async function sameAsCopy(browser, built, copy) {
  const [made, drawn] = [await shownBody(browser, built), await shownBody(browser, copy)];
  if (made === drawn) return;
  let at = 0;
  while (made[at] === drawn[at]) at += 1;
  throw new Error(`the list made by script at ${built} is not the app's list as copied at ${copy} (from character ${at}: ${JSON.stringify(made.slice(at, at + 80))} against ${JSON.stringify(drawn.slice(at, at + 80))}): update BUILT or BUILDER in scripts/bench/renderer.mjs`);
}

async function load(browser, url, what) {
  const { context, page } = await markedPage(browser);
  const listed = what === 'list' && listShown(page, url);
  await page.goto(url);
  const ms =
    what === 'fcp'
      ? await (await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, null, { timeout: 20_000 })).jsonValue()
      : await listed;
  await context.close();
  return ms;
}

/**
 * {fcpApp, fcpStatic, listFull, listScreen, listOne, listEmpty, staticFull, staticEmpty, staticRows, builtRows,
 * builtScreenRows} in ms, medians of `runs` interleaved loads each (staticRows: of each round's static copy of the full
 * list less the empty list's; builtRows, builtScreenRows: of each round's full list made by script, from the whole
 * answer and from the rows in view only, less the empty list made by script), taken over `launches` launches of the
 * browser (a round each in turn from the first to the last, then again), each launch's first round a warm-up left
 * out. On this 2-core machine a load's time depends on what else runs at that moment; one launch's medians moved the
 * list row by 0.2-0.4 between runs, mostly together within a launch: spread over several, the rounds sample more
 * moments.
 */
export async function measureRenderer({ runs, launches = 3, env, fullHome, screenHome, oneHome, emptyHome }) {
  // The static pages: the floor of a first paint at /, and the list pages as static markup (filled in below).
  const pages = new Map([['/', STATIC]]);
  const page = http.createServer((q, r) => r.writeHead(pages.has(q.url) ? 200 : 404, { 'content-type': q.url.startsWith('/answer-') ? 'application/json' : 'text/html' }).end(pages.get(q.url) ?? ''));
  await new Promise((r) => page.listen(0, '127.0.0.1', r));
  const staticUrl = `http://127.0.0.1:${page.address().port}/`;
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  const [full, screen, one, empty] = await Promise.all([fullHome, screenHome, oneHome, emptyHome].map((home) => startUi({ ...base, KEYSCOPE_HOME: home })));
  const options = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'] };
  const browsers = [];
  const out = { fcpApp: [], fcpStatic: [], listFull: [], listScreen: [], listOne: [], listEmpty: [], staticFull: [], staticEmpty: [], staticRows: [], builtRows: [], builtScreenRows: [] };
  try {
    for (let b = 0; b < launches; b += 1) browsers.push(await chromium.launch(options));
    // The list pages as static markup, and made by script: the full list's from its whole answer and from one holding
    // only the rows in view (what a list sent in two parts would make first), and the empty list's from its answer.
    const builtFull = await copies(browsers[0], full.url, '[data-testid^="profile-row-"]', 'section[aria-labelledby="profiles-title"]');
    const builtEmpty = await copies(browsers[0], empty.url, 'section.empty', 'section.empty');
    pages.set('/copy-full', builtFull.copy);
    pages.set('/copy-empty', builtEmpty.copy);
    pages.set('/built-full', builtFull.pageFor('/answer-full'));
    pages.set('/answer-full', builtFull.answer);
    pages.set('/built-screen', builtFull.pageFor('/answer-screen'));
    pages.set('/answer-screen', JSON.stringify({ ...builtFull.whole, value: builtFull.whole.value.slice(0, builtFull.rows) }));
    pages.set('/built-empty', builtEmpty.pageFor('/answer-empty'));
    pages.set('/answer-empty', builtEmpty.answer);
    await sameAsCopy(browsers[0], `${staticUrl}built-full`, `${staticUrl}copy-full`);
    await sameAsCopy(browsers[0], `${staticUrl}built-empty`, `${staticUrl}copy-empty`);
    // The four list pages load in an order that turns by one each round (turnedOrder), so none is always first or last.
    const lists = [full, empty, one, screen];
    let turn = 0;
    const round = async (browser) => {
      // The two first paints, then the static copies and the lists made by script (marked as the app's lists are), each
      // in an order reversed every round: of each two whose ratio or difference is taken, each is first in turn, as
      // many rounds as the other.
      const inTurn = (items) => (turn % 2 === 0 ? items : [...items].reverse());
      const painted = {};
      for (const url of inTurn([empty.url, staticUrl])) painted[url] = await load(browser, url, 'fcp');
      const copied = {};
      for (const path of inTurn(COPIES)) copied[path] = await load(browser, `${staticUrl}${path.slice(1)}`, 'list');
      const listed = [];
      for (const at of turnedOrder(lists.length, turn)) listed[at] = await load(browser, lists[at].url, 'list');
      turn += 1;
      return [painted[empty.url], painted[staticUrl], ...listed, ...COPIES.map((path) => copied[path])];
    };
    // The first round of each browser warms its caches of its own code.
    for (const browser of browsers) await round(browser);
    for (let i = 0; i < runs; i += 1) {
      const [fcpApp, fcpStatic, listFull, listEmpty, listOne, listScreen, staticFull, staticEmpty, builtFull, builtScreen, builtEmpty] = await round(browsers[i % launches]);
      out.staticFull.push(staticFull);
      out.staticEmpty.push(staticEmpty);
      out.staticRows.push(staticFull - staticEmpty); // paired in its round: a load here varies by tens of ms
      out.builtRows.push(builtFull - builtEmpty);
      out.builtScreenRows.push(builtScreen - builtEmpty);
      out.fcpApp.push(fcpApp);
      out.fcpStatic.push(fcpStatic);
      out.listFull.push(listFull);
      out.listEmpty.push(listEmpty);
      out.listOne.push(listOne);
      out.listScreen.push(listScreen);
    }
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all([full.stop(), screen.stop(), one.stop(), empty.stop()]);
    page.close();
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)]));
}
