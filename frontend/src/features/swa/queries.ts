// Software Assurance (SPEC §10): the SWA bin, prospective locations, quotes, assignments and
// their cooling-off, customer renewals and free-of-charge licenses.
import { useCallback } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type SwaAssignmentState } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { useLicensesChanged } from '../licenses/queries';

/** The partner's SWA POs and the units it can assign. */
export function useSwaBin() {
  return useQuery({ queryKey: queryKeys.swa.bin(), queryFn: () => call(api.GET('/api/v1/swa-bin')) });
}

/** Locations in their grace period with SWA-bearing licenses and no SWA yet. */
export function useProspects() {
  return useQuery({
    queryKey: queryKeys.swa.prospects(),
    queryFn: async () => (await call(api.GET('/api/v1/swa/prospective-locations'))).items,
  });
}

/** The partner's assignments, newest first: of one location, or in one state. */
export function useSwaAssignments(filter: { locationId?: string; status?: SwaAssignmentState }) {
  return useQuery({
    queryKey: queryKeys.swa.assignments(filter),
    queryFn: async () =>
      (
        await call(
          api.GET('/api/v1/swa-assignments', {
            params: { query: { location_id: filter.locationId, status: filter.status } },
          }),
        )
      ).items,
  });
}

/** The names of locations (an assignment carries only the id). */
/**
 * After SWA units moved: the bin, prospects, assignments and offers; the location's status
 * (its page, its customer's list, Easy Nav).
 */
export function useSwaChanged() {
  const queryClient = useQueryClient();
  return useCallback(
    (locationId?: string) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.swa.all() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customerLocationsAll() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.locationSearchAll() }),
        ...(locationId
          ? [
              queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) }),
              queryClient.invalidateQueries({ queryKey: queryKeys.locationAudit(locationId) }),
            ]
          : []),
      ]),
    [queryClient],
  );
}

/** Quotes SWA for a location and term; a refusal comes back as the quote's `reason`. */
export function useSwaQuote(locationId: string) {
  return useMutation({
    mutationFn: (months: number) =>
      call(api.POST('/api/v1/locations/{id}/swa-quotes', { params: { path: { id: locationId } }, body: { months } })),
  });
}

/** Assigns SWA to a location: the units leave the bin, approved. */
export function useAssignSwa(locationId: string) {
  const changed = useSwaChanged();
  return useMutation({
    mutationFn: (ask: { months: number; reference: string; processImmediately: boolean }) =>
      call(
        api.POST('/api/v1/locations/{id}/swa-assignments', {
          params: { path: { id: locationId } },
          body: {
            months: ask.months,
            reference: ask.reference,
            approve: true,
            process_immediately: ask.processImmediately,
          },
        }),
      ),
    onSuccess: () => changed(locationId),
  });
}

/** Ends an assignment's cooling-off now. */
export function useActivateAssignment() {
  const changed = useSwaChanged();
  return useMutation({
    mutationFn: (id: string) => call(api.POST('/api/v1/swa-assignments/{id}/activate', { params: { path: { id } } })),
    // Refused or not (the cooling-off may just have ended), the assignment may have changed.
    onSettled: (a) => changed(a?.location_id),
  });
}

/** Cancels an assignment in its cooling-off: the units go back to the bin. */
export function useCancelAssignment() {
  const changed = useSwaChanged();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/swa-assignments/{id}', { params: { path: { id } } })),
    onSettled: (a) => changed(a?.location_id),
  });
}

/** What a renewal asks: co-term or not, and the months of locations not renewed for 12. */
export interface RenewalAsk {
  co_term: boolean;
  months_by_location: Record<string, number>;
}

/** A customer's renewal quote for `ask`; the last quote stays while the next loads. */
export function useRenewalQuote(customerId: string, ask: RenewalAsk) {
  return useQuery({
    queryKey: queryKeys.swa.renewalQuote(customerId, ask),
    queryFn: () =>
      call(
        api.POST('/api/v1/customers/{id}/swa-renewal-quotes', {
          params: { path: { id: customerId } },
          body: ask,
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
    retry: false,
  });
}

/** Renews a customer's SWA as quoted. */
export function useRenewSwa(customerId: string) {
  const changed = useSwaChanged();
  return useMutation({
    mutationFn: (body: RenewalAsk & { reference: string; process_immediately: boolean }) =>
      call(
        api.POST('/api/v1/customers/{id}/swa-renewals', {
          params: { path: { id: customerId } },
          body: { ...body, reference: body.reference || null },
        }),
      ),
    onSuccess: () => changed(),
  });
}

/** The free-of-charge licenses a location may take now. */
export function useFreeOfCharge(locationId: string) {
  return useQuery({
    queryKey: queryKeys.swa.freeOfCharge(locationId),
    queryFn: () =>
      call(api.GET('/api/v1/locations/{id}/free-of-charge-licenses', { params: { path: { id: locationId } } })),
  });
}

/** Attaches a free-of-charge license (no PO); it is then activated like any attached license. */
export function useTakeFreeOfCharge(locationId: string) {
  const queryClient = useQueryClient();
  const licensesChanged = useLicensesChanged();
  return useMutation({
    mutationFn: (partNumber: string) =>
      call(
        api.POST('/api/v1/locations/{id}/free-of-charge-licenses', {
          params: { path: { id: locationId } },
          body: { part_number: partNumber },
        }),
      ),
    onSettled: () =>
      Promise.all([
        licensesChanged(locationId),
        queryClient.invalidateQueries({ queryKey: queryKeys.swa.freeOfCharge(locationId) }),
      ]),
  });
}
