// The signed-in session: the token (sessionStorage), the user behind it (`GET /me`), login and
// logout, the jump back to the login page whenever the API answers 401, and impersonation:
// acting as another user with a token of its own while the user's own token is kept, and back.
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, onImpersonationEnded, onUnauthorized, ownSessionToken, sessionToken, type Me } from '../api/client';
import { queryKeys } from '../api/queryKeys';

/** Why there is no session: never logged in (null), logged out, or ended by a 401. */
export type SessionExit = null | 'logout' | 'expired';

/** Why an impersonation ended without the user stopping it, when it did. */
export type ImpersonationExit = null | 'ended';

interface Session {
  token: string | null;
  exit: SessionExit;
  me: Me | undefined;
  meError: Error | null;
  login: (email: string, password: string) => Promise<void>;
  /** Logs in with a BusinessNet single sign-on assertion (`POST /auth/businessnet`). */
  loginWithAssertion: (assertion: string) => Promise<void>;
  /** Logs out; while impersonating it returns to the user's own account instead (SPEC §6). */
  logout: () => void;
  /** Acts as the user with this e-mail (`POST /auth/impersonate`). */
  impersonate: (email: string) => Promise<void>;
  /** Stops acting as another user and returns to the user's own session. */
  stopImpersonating: () => Promise<void>;
  /** Set when the server ended the impersonation (e.g. its shipping allowance was removed). */
  impersonationExit: ImpersonationExit;
  dismissImpersonationExit: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The signed-in user; only inside pages behind <RequireSession>. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before the user is known');
  return me;
}

export function isVendorAdmin(me: Me): boolean {
  return me.roles.includes('vendor_admin');
}

/** Whether the user may see and use Software Assurance (SWA bin, quotes, assignments, renewals). */
export function hasSwaRole(me: Me): boolean {
  return me.roles.includes('swa_dealer_admin') || me.roles.includes('swa_distributor_admin');
}

/** Whether the user may act as another user: a distributor's user, or vendor staff. */
export function mayImpersonate(me: Me): boolean {
  return !me.impersonator && (me.partner?.tier === 'distributor' || isVendorAdmin(me));
}

/** Where the login page sends the user afterwards, and why it was shown. */
export interface LoginState {
  from?: string;
  expired?: boolean;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(sessionToken.get);
  const [exit, setExit] = useState<SessionExit>(null);
  const [impersonationExit, setImpersonationExit] = useState<ImpersonationExit>(null);
  const queryClient = useQueryClient();

  const me = useQuery({
    queryKey: queryKeys.me(),
    queryFn: () => call(api.GET('/api/v1/me')),
    enabled: token !== null,
    staleTime: 5 * 60_000,
  });

  // Without a token the protected pages redirect to the login page (see RequireSession).
  const end = useCallback(
    (why: Exclude<SessionExit, null>) => {
      sessionToken.clear();
      ownSessionToken.clear();
      setToken(null);
      setExit(why);
      queryClient.clear();
    },
    [queryClient],
  );

  /** Switches every request to `next`, acting as `user` (or loading who that is). */
  const switchTo = useCallback(
    (next: string, user: Me | undefined) => {
      sessionToken.set(next);
      queryClient.clear();
      if (user) queryClient.setQueryData(queryKeys.me(), user);
      setToken(next);
    },
    [queryClient],
  );

  // One stop at a time: several requests may learn at once that the impersonation ended.
  const stopping = useRef<Promise<void> | null>(null);
  const stopImpersonating = useCallback(() => {
    stopping.current ??= (async () => {
      const own = ownSessionToken.get();
      try {
        // Works even after the impersonation ended: the answer is a fresh own session.
        const answer = await call(api.POST('/api/v1/auth/impersonation/end'));
        ownSessionToken.clear();
        switchTo(answer.access_token, answer.user);
      } catch (e) {
        // A 401 has ended the session already; otherwise fall back on the kept own token.
        if (own === null || sessionToken.get() === null) throw e;
        ownSessionToken.clear();
        switchTo(own, undefined);
      }
    })().finally(() => {
      stopping.current = null;
    });
    return stopping.current;
  }, [switchTo]);

  useEffect(() => {
    onUnauthorized(() => {
      if (sessionToken.get() !== null) end('expired');
    });
    onImpersonationEnded(() => {
      if (ownSessionToken.get() === null) return;
      setImpersonationExit('ended');
      void stopImpersonating().catch(() => end('expired'));
    });
  }, [end, stopImpersonating]);

  const login = useCallback(
    async (email: string, password: string) => {
      const answer = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
      ownSessionToken.clear();
      switchTo(answer.access_token, answer.user);
      setExit(null);
    },
    [switchTo],
  );

  const loginWithAssertion = useCallback(
    async (assertion: string) => {
      const answer = await call(api.POST('/api/v1/auth/businessnet', { body: { assertion } }));
      ownSessionToken.clear();
      switchTo(answer.access_token, answer.user);
      setExit(null);
    },
    [switchTo],
  );

  const impersonate = useCallback(
    async (email: string) => {
      const own = sessionToken.get();
      const answer = await call(api.POST('/api/v1/auth/impersonate', { body: { user_email: email } }));
      if (own !== null) ownSessionToken.set(own);
      setImpersonationExit(null);
      switchTo(answer.access_token, answer.user);
    },
    [switchTo],
  );

  const logout = useCallback(() => {
    if (me.data?.impersonator) void stopImpersonating().catch(() => end('logout'));
    else end('logout');
  }, [end, me.data, stopImpersonating]);

  const dismissImpersonationExit = useCallback(() => setImpersonationExit(null), []);

  const value = useMemo<Session>(
    () => ({
      token,
      exit,
      me: me.data,
      meError: me.error,
      login,
      loginWithAssertion,
      logout,
      impersonate,
      stopImpersonating,
      impersonationExit,
      dismissImpersonationExit,
    }),
    [
      token,
      exit,
      me.data,
      me.error,
      login,
      loginWithAssertion,
      logout,
      impersonate,
      stopImpersonating,
      impersonationExit,
      dismissImpersonationExit,
    ],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}
