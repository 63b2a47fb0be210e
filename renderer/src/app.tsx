/** The app: navigation by hash, the profile list with recheck state, and the views. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProfileFindingsView, ProfileView } from '../../shared/model';
import type { Failure } from '../../shared/failure';
import { api, run } from './api';
import { ErrorBox } from './components/error-box';
import { AddCredential } from './views/add-credential';
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
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

const NAV = [
  ['#/profiles', 'Credentials'],
  ['#/add', 'Add'],
  ['#/import', 'Import'],
  ['#/tools', 'STS tools'],
  ['#/review', 'Review'],
] as const;

export function App() {
  const hash = useHash();
  const [profiles, setProfiles] = useState<readonly ProfileView[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [recheck, setRecheck] = useState<RecheckState | null>(null);
  const [findings, setFindings] = useState<ProfileFindingsView | null>(null);

  const reload = useCallback(async () => {
    const r = await api.listProfiles({});
    if (r.ok) {
      setProfiles(r.value);
      setFailure(null);
    } else setFailure(r.error);
    // The findings column: the last saved review's unmuted findings; without them the column says nothing.
    const f = await api.profileFindings({});
    setFindings(f.ok ? f.value : null);
  }, []);

  useEffect(() => {
    run(reload);
    const offProgress = api.on('recheck:progress', (p) => {
      setProfiles((list) => list.map((x) => (x.id === p.profile.id ? p.profile : x)));
      // Every check that failed is listed, whatever the profile's earlier status.
      setRecheck((s) => (s && s.jobId === p.jobId ? { ...s, done: p.done, failures: p.error ? [...s.failures, { name: p.profile.name, error: p.error }] : s.failures } : s));
    });
    const offDone = api.on('recheck:done', (d) => {
      setRecheck((s) =>
        s && s.jobId === d.jobId
          ? { ...s, done: d.checked, finished: true, cancelled: d.cancelled, counts: { valid: d.valid, invalid: d.invalid, couldNotCheck: d.couldNotCheck }, error: d.error }
          : s,
      );
      run(reload);
    });
    return () => {
      offProgress();
      offDone();
    };
  }, [reload]);

  // After a navigation, move focus to the new content (not on first load: Tab then starts at the skip link).
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [hash]);

  const refresh = () => run(reload);

  const startRecheck = async (ids: readonly string[] | 'all') => {
    const r = await api.recheckProfiles(ids === 'all' ? { all: true } : { ids });
    if (!r.ok) return setFailure(r.error);
    setRecheck({ jobId: r.value.jobId, done: 0, total: r.value.total, finished: false, cancelled: false, failures: [], counts: null, error: null });
  };
  const cancelRecheck = async () => {
    if (recheck) await api.cancelRecheck({ jobId: recheck.jobId });
  };

  const route = hash.replace(/^#/, '');
  let view;
  if (route.startsWith('/profile/')) view = <ProfileDetail id={decodeURIComponent(route.slice('/profile/'.length))} onChanged={refresh} />;
  else if (route === '/add') view = <AddCredential onSaved={(id) => run(() => reload().then(() => (window.location.hash = `#/profile/${id}`)))} />;
  else if (route === '/import') view = <ImportView onImported={refresh} />;
  else if (route === '/tools') view = <ToolsView profiles={profiles} onSaved={refresh} />;
  else if (route === '/review' || route.startsWith('/review/')) view = <ReviewView route={route} profiles={profiles} onReviewed={refresh} />;
  else view = <ProfileList profiles={profiles} findings={findings} recheck={recheck} onRecheck={(ids) => run(() => startRecheck(ids))} onCancel={() => run(cancelRecheck)} />;

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
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBox failure={failure} />
        {view}
      </main>
    </>
  );
}
