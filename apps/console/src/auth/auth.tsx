import type { GatewayClient, Profile, RegisterBody, StoredTokens } from '@cyrene/sdk';
import { unwrap } from '@cyrene/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiProvider, createConsoleClient } from '../api/client';
import { authKeys } from './queries';

interface AuthState {
  signedIn: boolean;
  /** The signed-in user, once loaded. */
  profile: Profile | undefined;
  /** Why the profile could not be loaded (null while it loads or once it has). */
  profileError: Error | null;
  reloadProfile(): void;
  isAdmin: boolean;
  login(username: string, password: string): Promise<void>;
  /** Creates an account (when the gateway allows it) and signs in with it. */
  register(body: RegisterBody): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

/**
 * Owns the gateway client and who is signed in. The SDK renews the access token by itself; when
 * the refresh token is refused it reports `null` tokens and the console returns to the sign-in page.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const onTokens = useRef<(tokens: StoredTokens | null) => void>(() => {});
  const [client] = useState<GatewayClient>(() => createConsoleClient((tokens) => onTokens.current(tokens)));
  const [isSignedIn, setSignedIn] = useState(() => client.tokens.get() !== null);
  useEffect(() => {
    onTokens.current = (tokens) => {
      setSignedIn(tokens !== null);
      if (!tokens) queryClient.clear();
    };
  }, [queryClient]);

  const profileQuery = useQuery({
    queryKey: authKeys.profile,
    queryFn: async () => unwrap(await client.rest.auth.getProfile(), 200),
    enabled: isSignedIn,
    staleTime: 5 * 60_000,
  });

  const login = useCallback(
    async (username: string, password: string) => {
      // Nothing of a previous user's may show: the cache goes before the new tokens arrive.
      queryClient.clear();
      await client.login(username, password);
    },
    [client, queryClient],
  );
  const register = useCallback(
    async (body: RegisterBody) => {
      queryClient.clear();
      await client.register(body);
    },
    [client, queryClient],
  );
  // The SDK reports the cleared tokens, and onTokens above clears the cache.
  const logout = useCallback(() => client.logout(), [client]);
  const { refetch } = profileQuery;
  const reloadProfile = useCallback(() => void refetch(), [refetch]);

  const value = useMemo<AuthState>(
    () => ({
      signedIn: isSignedIn,
      profile: isSignedIn ? profileQuery.data : undefined,
      profileError: isSignedIn ? profileQuery.error : null,
      reloadProfile,
      isAdmin: isSignedIn && profileQuery.data?.is_admin === true,
      login,
      register,
      logout,
    }),
    [isSignedIn, profileQuery.data, profileQuery.error, reloadProfile, login, register, logout],
  );
  return (
    <ApiProvider client={client}>
      <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
    </ApiProvider>
  );
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
