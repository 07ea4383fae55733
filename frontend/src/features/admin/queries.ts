import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  call,
  type DectImport,
  type DectImportState,
  type Partner,
  type Schemas,
  type UserPatch,
} from '../../api/client';

/** Every partner, all pages (for choosers and for naming partners by id). */
export function useAllPartners() {
  return useQuery({
    queryKey: ['admin', 'partners', 'all'],
    queryFn: async () => {
      const all: Partner[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(api.GET('/api/v1/admin/partners', { params: { query: { limit: 200, cursor } } }));
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

export const TIER_LABEL = { distributor: 'Distributor (tier 1)', dealer: 'Dealer / reseller (tier 2)' } as const;

/** Users by e-mail, 50 a page. */
export function useUsers() {
  return useInfiniteQuery({
    queryKey: ['admin', 'users'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/admin/users', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Changes a user's name or roles, or disables or enables the account. */
export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UserPatch) =>
      call(api.PATCH('/api/v1/admin/users/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

/** DECT imports in one state, oldest first (the queue of requests to decide on). */
export function useDectImportQueue(state: DectImportState) {
  return useInfiniteQuery({
    queryKey: ['admin', 'dect-imports', state],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/admin/dect-imports', { params: { query: { state, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** After a decision: every list of imports, and the location's own view, are stale. */
function useDectDecided() {
  const queryClient = useQueryClient();
  return (locationId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'dect-imports'] }),
      queryClient.invalidateQueries({ queryKey: ['dect-imports', locationId] }),
      queryClient.invalidateQueries({ queryKey: ['location-licenses', locationId] }),
      queryClient.invalidateQueries({ queryKey: ['location-audit', locationId] }),
      queryClient.invalidateQueries({ queryKey: ['location', locationId] }),
    ]);
}

/**
 * Approves a pending import: its licenses become activated and a license file is signed.
 * `onApproved` runs before the lists refresh (which removes the import's card).
 */
export function useApproveDectImport(onApproved: (answer: Schemas['ApprovedDectImportView']) => void) {
  const decided = useDectDecided();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/admin/dect-imports/{id}/approve', { params: { path: { id } } })),
    onSuccess: (approved) => {
      onApproved(approved);
      return decided(approved.import.location_id);
    },
  });
}

/** Rejects a pending import with the reason the partner sees; `onRejected` as above. */
export function useRejectDectImport(onRejected: (rejected: DectImport) => void) {
  const decided = useDectDecided();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      call(api.POST('/api/v1/admin/dect-imports/{id}/reject', { params: { path: { id } }, body: { reason } })),
    onSuccess: (rejected) => {
      onRejected(rejected);
      return decided(rejected.location_id);
    },
  });
}

/** Every user's API keys, newest first. */
export function useAllApiKeys() {
  return useInfiniteQuery({
    queryKey: ['admin', 'api-keys'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/admin/api-keys', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Revokes anyone's API key. */
export function useAdminRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/admin/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['admin', 'api-keys'] }),
        queryClient.invalidateQueries({ queryKey: ['api-keys'] }),
      ]),
  });
}
