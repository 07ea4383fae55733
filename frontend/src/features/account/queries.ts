// The signed-in user's own account: their API keys and their password.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { useMe, useSession } from '../../auth/session';

/** The signed-in user's own API keys, newest first (revoked and expired ones too). */
export function useMyApiKeys() {
  return useQuery({
    queryKey: queryKeys.apiKeys(),
    queryFn: async () => (await call(api.GET('/api/v1/api-keys'))).items,
  });
}

/** Creates a key; the answer carries its secret, which is never shown again. */
export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ApiKeyBody']) => call(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.admin.apiKeys() }),
      ]),
  });
}

/**
 * Changes the signed-in user's password. That ends every session, this one too, so it logs
 * in again with the new password at once; the answer says whether that worked (if not, the
 * next request leads to the login page).
 */
export function useChangePassword() {
  const { email } = useMe();
  const { login } = useSession();
  return useMutation({
    mutationFn: async (body: Schemas['PasswordChange']) => {
      await call(api.POST('/api/v1/me/password', { body }));
      try {
        await login(email, body.new_password);
        return { loggedInAgain: true };
      } catch {
        return { loggedInAgain: false };
      }
    },
  });
}
