// The signed-in session: the token (sessionStorage), the user behind it (`GET /me`), login and
// logout, and the jump back to the login page whenever the API answers 401.
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, onUnauthorized, sessionToken, type Me } from '../api/client';
import { queryKeys } from '../api/queryKeys';

/** Why there is no session: never logged in (null), logged out, or ended by a 401. */
export type SessionExit = null | 'logout' | 'expired';

interface Session {
  token: string | null;
  exit: SessionExit;
  me: Me | undefined;
  meError: Error | null;
  login: (email: string, password: string) => Promise<void>;
  logout: () => void;
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

/** Where the login page sends the user afterwards, and why it was shown. */
export interface LoginState {
  from?: string;
  expired?: boolean;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(sessionToken.get);
  const [exit, setExit] = useState<SessionExit>(null);
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
      setToken(null);
      setExit(why);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(() => {
    onUnauthorized(() => {
      if (sessionToken.get() !== null) end('expired');
    });
  }, [end]);

  const login = useCallback(
    async (email: string, password: string) => {
      const answer = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
      sessionToken.set(answer.access_token);
      queryClient.setQueryData(queryKeys.me(), answer.user);
      setToken(answer.access_token);
      setExit(null);
    },
    [queryClient],
  );

  const logout = useCallback(() => end('logout'), [end]);

  const value = useMemo<Session>(
    () => ({ token, exit, me: me.data, meError: me.error, login, logout }),
    [token, exit, me.data, me.error, login, logout],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}
