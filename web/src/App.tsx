/**
 * Routes and the role-aware navigation. Pages are loaded when first visited, so the public trial page
 * does not download the analysis charts or the admin screens.
 */
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import type { Role } from './contracts.ts';
import { CLINICAL_ROLES } from './lib/site-access.ts';
import { hasRole, useSession } from './session.tsx';

type PageModule = { default: ComponentType };

/**
 * A page loaded on first visit. Once its code is here, `lazy` gets it synchronously (a thenable that
 * resolves at once), so React does not suspend — a suspended boundary that resolves is revealed only
 * after React's ~300 ms fallback throttle, which would otherwise delay every page's first paint.
 */
function page(load: () => Promise<PageModule>) {
  let loaded: PageModule | undefined;
  const fetch = () => load().then((module) => (loaded = module));
  const Component = lazy(() =>
    loaded
      ? ({
          // biome-ignore lint/suspicious/noThenProperty: a thenable that resolves synchronously is the point (see above)
          then: (resolve: (m: PageModule) => void) => resolve(loaded as PageModule),
        } as unknown as Promise<PageModule>)
      : fetch(),
  );
  return { Component, preload: () => void fetch() };
}

// The page of the address the app starts on is fetched at once, in parallel with the session check.
const pages = {
  public: page(() => import('./pages/PublicTrial.tsx')),
  signIn: page(() => import('./pages/SignIn.tsx')),
  password: page(() => import('./pages/ChangePassword.tsx')),
  dashboard: page(() => import('./pages/Dashboard.tsx')),
  subjects: page(() => import('./pages/Subjects.tsx')),
  subject: page(() => import('./pages/SubjectPage.tsx')),
  subjectIdentity: page(() => import('./pages/SubjectIdentity.tsx')),
  subjectWithdraw: page(() => import('./pages/SubjectWithdraw.tsx')),
  subjectOnStudy: page(() => import('./pages/SubjectOnStudy.tsx')),
  worklist: page(() => import('./pages/Worklist.tsx')),
  analysis: page(() => import('./pages/Analysis.tsx')),
  randomization: page(() => import('./pages/Randomization.tsx')),
  admin: page(() => import('./pages/Admin.tsx')),
};
const START: [RegExp, keyof typeof pages][] = [
  [/^\/$/, 'public'],
  [/^\/sign-in/, 'signIn'],
  [/^\/account\/password/, 'password'],
  [/^\/dashboard/, 'dashboard'],
  [/^\/subjects\/[^/]+\/identity/, 'subjectIdentity'],
  [/^\/subjects\/[^/]+\/withdraw/, 'subjectWithdraw'],
  [/^\/subjects\/[^/]+\/on-study/, 'subjectOnStudy'],
  [/^\/worklist/, 'worklist'],
  [/^\/subjects\/./, 'subject'],
  [/^\/subjects/, 'subjects'],
  [/^\/analysis/, 'analysis'],
  [/^\/randomization/, 'randomization'],
  [/^\/admin/, 'admin'],
];
const startPage = START.find(([pattern]) => pattern.test(window.location.pathname));
if (startPage) pages[startPage[1]].preload();

const PublicTrial = pages.public.Component;
const SignIn = pages.signIn.Component;
const ChangePassword = pages.password.Component;
const Dashboard = pages.dashboard.Component;
const Subjects = pages.subjects.Component;
const SubjectPage = pages.subject.Component;
const SubjectIdentity = pages.subjectIdentity.Component;
const SubjectWithdraw = pages.subjectWithdraw.Component;
const SubjectOnStudy = pages.subjectOnStudy.Component;
const Worklist = pages.worklist.Component;
const Analysis = pages.analysis.Component;
const Randomization = pages.randomization.Component;
const Admin = pages.admin.Component;

/** A page for signed-in users with one of `roles`; sends others to sign-in or says what is needed. */
function Guard({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <p role="status">Loading…</p>;
  if (!session) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (session.mustChangePassword && location.pathname !== '/account/password')
    return <Navigate to="/account/password" replace />;
  if (roles && !hasRole(session, ...roles))
    return (
      <p role="alert">
        This page is for {roles.join(' or ')} roles. <Link to="/">Back to the trial</Link>
      </p>
    );
  return <>{children}</>;
}

function Navigation() {
  const { session, signOut } = useSession();
  const link = (to: string, label: string) => (
    <li>
      <NavLink to={to} end={to === '/'}>
        {label}
      </NavLink>
    </li>
  );
  return (
    <header className="top">
      <Link to="/" className="brand">
        trialkit <span>NCT05168163</span>
      </Link>
      <nav aria-label="Main">
        <ul>
          {link('/', 'The trial')}
          {session && link('/dashboard', 'Dashboard')}
          {hasRole(session, ...CLINICAL_ROLES) && link('/subjects', 'Subjects')}
          {hasRole(session, ...CLINICAL_ROLES) && link('/worklist', 'Worklist')}
          {hasRole(session, 'statistician') && link('/analysis', 'Analysis')}
          {hasRole(session, 'statistician') && link('/randomization', 'Randomization')}
          {hasRole(session, 'admin') && link('/admin', 'Admin')}
        </ul>
      </nav>
      <div className="account">
        {session ? (
          <>
            <span>
              {session.displayName} ·{' '}
              {session.roles.map((r) => (r.siteId ? `${r.role} (${r.siteId})` : r.role)).join(', ')}
            </span>
            <Link to="/account/password">Password</Link>
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </>
        ) : (
          <Link to="/sign-in">Sign in</Link>
        )}
      </div>
    </header>
  );
}

export function App() {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Navigation />
      <main id="main">
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Routes>
            <Route path="/" element={<PublicTrial />} />
            <Route path="/sign-in" element={<SignIn />} />
            <Route
              path="/account/password"
              element={
                <Guard>
                  <ChangePassword />
                </Guard>
              }
            />
            <Route
              path="/dashboard"
              element={
                <Guard>
                  <Dashboard />
                </Guard>
              }
            />
            <Route
              path="/subjects"
              element={
                <Guard roles={CLINICAL_ROLES}>
                  <Subjects />
                </Guard>
              }
            />
            <Route
              path="/subjects/:id"
              element={
                <Guard roles={CLINICAL_ROLES}>
                  <SubjectPage />
                </Guard>
              }
            />
            <Route
              path="/subjects/:id/identity"
              element={
                <Guard roles={['coordinator', 'investigator']}>
                  <SubjectIdentity />
                </Guard>
              }
            />
            <Route
              path="/subjects/:id/withdraw"
              element={
                <Guard roles={['coordinator', 'investigator']}>
                  <SubjectWithdraw />
                </Guard>
              }
            />
            <Route
              path="/subjects/:id/on-study"
              element={
                <Guard roles={CLINICAL_ROLES}>
                  <SubjectOnStudy />
                </Guard>
              }
            />
            <Route
              path="/worklist"
              element={
                <Guard roles={CLINICAL_ROLES}>
                  <Worklist />
                </Guard>
              }
            />
            <Route
              path="/analysis"
              element={
                <Guard roles={['statistician']}>
                  <Analysis />
                </Guard>
              }
            />
            <Route
              path="/randomization"
              element={
                <Guard roles={['statistician']}>
                  <Randomization />
                </Guard>
              }
            />
            <Route
              path="/admin"
              element={
                <Guard roles={['admin']}>
                  <Admin />
                </Guard>
              }
            />
            <Route
              path="*"
              element={
                <p role="alert">
                  No such page. <Link to="/">Back to the trial</Link>
                </p>
              }
            />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
