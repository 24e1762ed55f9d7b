/**
 * The signed-in user, their roles and session limits, shared by every page. Loaded once from
 * GET /api/auth/session (null when no one is signed in: a visitor's page load logs no error); sign-in
 * and sign-out update it; a 401 from any call clears it.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { get, post, setCsrfToken, whenSessionLost } from './api.ts';
import type { Role, Session } from './contracts.ts';
import { BROWSER_CLOCK, type TrialClock, todayOf, trialClockOf } from './lib/dates.ts';

interface SessionState {
  session: Session | null;
  loading: boolean;
  /** Set when the session ended on its own (idle or absolute limit): the sign-in page says so. */
  expired: boolean;
  /** The trial's zone and the server's clock, for "today" (web/src/lib/dates.ts). */
  clock: TrialClock;
  signIn(username: string, password: string, totp?: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const [clock, setClock] = useState<TrialClock>(BROWSER_CLOCK);

  const refresh = useCallback(async () => {
    try {
      const current = await get<Session | null>('/api/auth/session');
      setCsrfToken(current?.csrfToken ?? null);
      setSession(current);
      setClock(trialClockOf(current, Date.now()));
    } catch {
      setCsrfToken(null);
      setSession(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    whenSessionLost(() => {
      setSession((previous) => {
        if (previous) setExpired(true);
        return null;
      });
      setCsrfToken(null);
    });
    void refresh();
  }, [refresh]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      expired,
      clock,
      refresh,
      async signIn(username, password, totp) {
        await post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
        setExpired(false);
        await refresh();
      },
      async signOut() {
        await post('/api/auth/logout').catch(() => undefined);
        setCsrfToken(null);
        setSession(null);
      },
    }),
    [session, loading, expired, clock, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** Today's date in the trial's time zone (YYYY-MM-DD), on the server's clock when signed in. */
export function useToday(): string {
  return todayOf(useSession().clock, Date.now());
}

export const hasRole = (session: Session | null, ...roles: Role[]): boolean =>
  Boolean(session?.roles.some((r) => roles.includes(r.role)));

/** Sites where the user holds one of `roles` (site roles only). */
export const sitesWith = (session: Session | null, ...roles: Role[]): string[] => [
  ...new Set(
    (session?.roles ?? []).filter((r) => roles.includes(r.role) && r.siteId).map((r) => r.siteId as string),
  ),
];
