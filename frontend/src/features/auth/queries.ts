// Logging in: the session's login as a mutation, so the page shows it under way and its error.
import { useMutation } from '@tanstack/react-query';
import { useSession } from '../../auth/session';

export function useLogin() {
  const { login } = useSession();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => login(email, password),
  });
}
