/** The app: navigation by hash, the profile list with recheck state, and the views. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ProfileFindingsView, ProfileRowView } from '../../shared/model';
import type { Failure } from '../../shared/failure';
import { COMMAND_ROUTES, type AppCommand } from '../../shared/shortcuts';
import { api, run } from './api';
import { ErrorBox } from './components/error-box';
import { HelpSheet } from './components/help-sheet';
import { useReloadAtExpiry } from './expiry-reload';
import { afterLost, applyEvent, EarlyEvents, type RecheckEvent } from './recheck-events';
import { useShortcuts } from './shortcuts';
import { AddCredential } from './views/add-credential';
import { BulkCheck } from './views/bulk-check';
import { ImportView } from './views/import-view';
import { ProfileDetail } from './views/profile-detail';
import { ProfileList, type RecheckState } from './views/profile-list';
import { ReviewView } from './views/review-view';
import { ToolsView } from './views/tools-view';

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || '#/profiles');
  useEffect(() => {
    const on = () => setHash(window.location.hash || '#/profiles');
    window.addEventListener('hashchange', on);
    // The hash may have changed between the first render and this effect (effects run after paint): read it again.
    on();
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

const NAV = [
  ['#/profiles', 'Credentials'],
  ['#/add', 'Add'],
  ['#/bulk', 'Bulk check'],
  ['#/import', 'Import'],
  ['#/tools', 'STS tools'],
  ['#/review', 'Review'],
] as const;

/** A profile id from the address; one not well encoded (typed, cut short) is taken as it is, and found by no profile. */
function decodedId(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // decodeURIComponent threw in the render, and the app went blank
  }
}

/**
 * A recheck's result on the row as the list has it. The recheck's profile is as it was when the recheck began: a name,
 * notes or region changed since (renamed on its page meanwhile) went back to the old ones until the list was read
 * again at the recheck's end. What the check found comes from the result.
 */
function withCheckOf(row: ProfileRowView, checked: ProfileRowView): ProfileRowView {
  return { ...checked, name: row.name, notes: row.notes, region: row.region };
}

export function App() {
  const hash = useHash();
  // null until the first answer: the list says "Loading…", never "No saved credentials yet" while it loads.
  const [profiles, setProfiles] = useState<readonly ProfileRowView[] | null>(null);
  const [help, setHelp] = useState(false);
  const [focusFilter, setFocusFilter] = useState(0);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [recheck, setRecheck] = useState<RecheckState | null>(null);
  const [findings, setFindings] = useState<ProfileFindingsView | null>(null);
  // The recheck as its answer and events leave it, ahead of the render that shows it: each event is matched to its
  // job at once, and one that comes before the answer naming its job is kept until then (recheck-events.ts).
  const recheckNow = useRef<RecheckState | null>(null);
  const early = useRef(new EarlyEvents()).current;
  const starting = useRef(false);
  const [startingShown, setStartingShown] = useState(false);
  const showRecheck = useCallback((next: RecheckState) => {
    recheckNow.current = next;
    setRecheck(next);
  }, []);

  const reload = useCallback(async () => {
    // The list and the findings column (the last saved review's unmuted findings; without them the column says
    // nothing) asked together and shown in one render: the list is drawn once, not again when the findings come.
    // Findings that cannot be had (api answers a failure, never rejects) leave the column saying nothing; they never
    // keep the list from showing.
    const [r, f] = await Promise.all([api.listProfiles({}), api.profileFindings({})]);
    if (r.ok) {
      setProfiles(r.value);
      setFailure(null);
    } else setFailure(r.error);
    setFindings(f.ok ? f.value : null);
  }, []);

  useEffect(() => {
    run(reload);
    const onEvent = (jobId: string, event: RecheckEvent) => {
      const now = recheckNow.current;
      if (now?.jobId === jobId) showRecheck(applyEvent(now, event));
      else early.keep(jobId, event);
    };
    const offProgress = api.on('recheck:progress', (p) => {
      setProfiles((list) => list && list.map((x) => (x.id === p.profile.id ? withCheckOf(x, p.profile) : x)));
      onEvent(p.jobId, { progress: p });
    });
    const offDone = api.on('recheck:done', (d) => {
      onEvent(d.jobId, { done: d });
      run(reload);
    });
    // keyscope ui gave this page up while it was away: what it sent meanwhile is lost, so the list is read again, and a
    // recheck says so (afterLost). Not read when the page itself found it has had no socket (by: 'page'): keyscope ui
    // has likely stopped, and the failed read showed "keyscope hit a bug" above every view. If it comes back, it says
    // so (by: 'keyscope'), and the recheck's "may have stopped" turns to its words.
    const offLost = api.on('app:events-lost', (lost) => {
      const next = afterLost(recheckNow.current, lost);
      if (next) showRecheck(next);
      if (lost.by === 'keyscope') run(reload);
    });
    return () => {
      offProgress();
      offDone();
      offLost();
    };
  }, [reload, showRecheck, early]);

  // After a navigation, move focus to the new content (not on first load: Tab then starts at the skip link). Before
  // the paint: a Tab pressed as soon as the new view shows must start from it, not from the link that led there.
  const firstRender = useRef(true);
  useLayoutEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [hash]);

  // "Filter" goes to the list and focuses its filter once the list is there (it may still be loading).
  useEffect(() => {
    if (focusFilter === 0) return;
    const input = document.getElementById('profile-filter');
    if (input) {
      input.focus();
      setFocusFilter(0);
    }
  }, [focusFilter, hash, profiles]);

  const refresh = () => run(reload);
  useReloadAtExpiry(profiles, refresh);

  // One recheck at a time from this page, from the click on: a second click or Shift+R before the first answer came
  // started a second recheck, which checked every key again at once and which Cancel could not reach.
  const startRecheck = async (ids: readonly string[] | 'all') => {
    if (starting.current || (recheckNow.current && !recheckNow.current.finished)) return;
    starting.current = true;
    setStartingShown(true);
    try {
      const r = await api.recheckProfiles(ids === 'all' ? { all: true } : { ids });
      if (!r.ok) return setFailure(r.error);
      showRecheck(early.start(r.value.jobId, r.value.total));
    } finally {
      starting.current = false;
      setStartingShown(false);
    }
  };
  const cancelRecheck = async () => {
    if (!recheck) return;
    const r = await api.cancelRecheck({ jobId: recheck.jobId });
    if (!r.ok) setFailure(r.error);
  };

  const onCommand = useCallback((command: AppCommand) => {
    const to = COMMAND_ROUTES[command];
    if (to) window.location.hash = to;
    else if (command === 'help') setHelp(true);
    else {
      window.location.hash = '#/profiles';
      if (command === 'filter') setFocusFilter((n) => n + 1);
      else if (command === 'recheck-all') run(() => startRecheck('all'));
    }
    // startRecheck only sets state and calls the API: the first render's is as good as the latest.
  }, []);
  useShortcuts(onCommand);

  const route = hash.replace(/^#/, '');
  let view;
  if (route.startsWith('/profile/')) view = <ProfileDetail id={decodedId(route.slice('/profile/'.length))} onChanged={refresh} />;
  else if (route === '/add') view = <AddCredential onSaved={(id) => run(() => reload().then(() => (window.location.hash = `#/profile/${id}`)))} />;
  else if (route === '/bulk') view = <BulkCheck onSaved={refresh} />;
  else if (route === '/import') view = <ImportView onImported={refresh} />;
  else if (route === '/tools') view = <ToolsView profiles={profiles ?? []} onSaved={refresh} />;
  else if (route === '/review' || route.startsWith('/review/')) view = <ReviewView route={route} profiles={profiles ?? []} onReviewed={refresh} />;
  // A first answer that is a failure is shown above (the ErrorBox): the list is then not "Loading…".
  else if (profiles === null && failure) view = null;
  else view = <ProfileList profiles={profiles} findings={findings} recheck={recheck} starting={startingShown} onRecheck={(ids) => run(() => startRecheck(ids))} onCancel={() => run(cancelRecheck)} />;

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header>
        <h1>keyscope</h1>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <a href={href} aria-current={hash === href || (href === '#/profiles' && hash.startsWith('#/profile/')) || (href === '#/review' && hash.startsWith('#/review/')) ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="help-button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBox failure={failure} />
        {view}
      </main>
      {help && <HelpSheet onClose={() => setHelp(false)} />}
    </>
  );
}
