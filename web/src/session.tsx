/**
 * The signed-in user, their roles and session limits, shared by every page. Loaded once from
 * GET /api/auth/session; sign-in and sign-out update it; a 401 from any call clears it.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { get, post, setCsrfToken, whenSessionLost } from './api.ts';

export type Role = 'admin' | 'coordinator' | 'investigator' | 'monitor' | 'statistician';

export interface RoleAssignment {
  role: Role;
  siteId: string | null;
}

export interface Session {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleAssignment[];
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
  mustChangePassword: boolean;
}

interface SessionState {
  session: Session | null;
  loading: boolean;
  /** Set when the session ended on its own (idle or absolute limit): the sign-in page says so. */
  expired: boolean;
  signIn(username: string, password: string, totp?: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const current = await get<Session>('/api/auth/session');
      setCsrfToken(current.csrfToken);
      setSession(current);
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
    [session, loading, expired, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

export const hasRole = (session: Session | null, ...roles: Role[]): boolean =>
  Boolean(session?.roles.some((r) => roles.includes(r.role)));

/** Sites where the user holds one of `roles` (site roles only). */
export const sitesWith = (session: Session | null, ...roles: Role[]): string[] => [
  ...new Set(
    (session?.roles ?? []).filter((r) => roles.includes(r.role) && r.siteId).map((r) => r.siteId as string),
  ),
];
