// Reships (SPEC §6): a distributor sends licenses from its bin, or SWA units from its SWA bin,
// to one of its dealers, and lists what it resold.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { usePagedQuery } from '../../api/paging';
import { queryKeys } from '../../api/queryKeys';

export type Reship = Schemas['ReshipView'];
export type ReshipBody = Schemas['ReshipBody'];
export type SwaReship = Schemas['SwaReshipView'];
export type SwaReshipBody = Schemas['SwaReshipBody'];

/** Which resold licenses to list: one dealer's, made in [from, to) (ISO date-times). */
export interface ReshipFilter {
  dealerId?: string;
  from?: string;
  to?: string;
}

/** The distributor's reships matching `filter`, `limit` a page, oldest first (as the API lists them). */
export function useReships(filter: ReshipFilter, limit: number) {
  return usePagedQuery(queryKeys.reships.list(filter), (cursor) =>
    call(
      api.GET('/api/v1/reships', {
        params: { query: { dealer_id: filter.dealerId, from: filter.from, to: filter.to, limit, cursor } },
      }),
    ),
  );
}

/** Reships licenses to a dealer; the request's `lines` keep the order given. */
export function useCreateReship() {
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.licenseBin.all() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.reships.all() }),
    ]);
  return useMutation({
    mutationFn: (body: ReshipBody) => call(api.POST('/api/v1/reships', { body })),
    onSuccess: refresh,
    // Someone took from the same lines meanwhile: the bin shows what is left now.
    onError: () => refresh(),
  });
}

/** The distributor's SWA reships, `limit` a page, oldest first. */
export function useSwaReships(limit: number) {
  return usePagedQuery(queryKeys.reships.swa(), (cursor) =>
    call(api.GET('/api/v1/swa-reships', { params: { query: { limit, cursor } } })),
  );
}

/** Reships SWA units to a dealer, earliest expiry first. */
export function useCreateSwaReship() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SwaReshipBody) => call(api.POST('/api/v1/swa-reships', { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.swa.all() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.reships.swa() }),
      ]),
  });
}
