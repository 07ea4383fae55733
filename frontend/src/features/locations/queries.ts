// Locations: reading one (with its children, HWKC history and breadcrumbs), finding them by
// name or HWKC, creating them and changing them.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  call,
  type Location,
  type LocationBody,
  type LocationPatch,
  type Schemas,
  type SystemTypeInfo,
} from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type { Crumb } from '../../components/page';
import { useCustomer } from '../customers/queries';
import { useLicensesChanged } from '../licenses/queries';

/** One location; nothing is fetched while `id` is empty. */
export function useLocationQuery(id: string) {
  return useQuery({
    queryKey: queryKeys.location(id),
    queryFn: () => call(api.GET('/api/v1/locations/{id}', { params: { path: { id } } })),
    enabled: id !== '',
  });
}

export function useLocationChildren(id: string) {
  return useQuery({
    queryKey: queryKeys.locationChildren(id),
    queryFn: () => call(api.GET('/api/v1/locations/{id}/children', { params: { path: { id } } })),
  });
}

/** The hardware key codes a location has had, oldest first. */
export function useHwkcHistory(id: string) {
  return useQuery({
    queryKey: queryKeys.hwkcHistory(id),
    queryFn: () => call(api.GET('/api/v1/locations/{id}/history', { params: { path: { id } } })),
  });
}

/** Breadcrumbs down to a location: Customers › its customer › its parent (if any). */
export function useLocationCrumbs(location: Location | undefined): Crumb[] {
  const customer = useCustomer(location?.customer_id ?? '');
  const parent = useLocationQuery(location?.parent_id ?? '');
  const crumbs: Crumb[] = [{ label: 'Customers', to: '/customers' }];
  if (location) crumbs.push({ label: customer.data?.name ?? 'Customer', to: `/customers/${location.customer_id}` });
  if (location?.parent_id)
    crumbs.push({ label: parent.data?.name ?? 'Parent location', to: `/locations/${location.parent_id}` });
  return crumbs;
}

/** Locations whose name or HWKC contains `q`, at most `limit`; the last answer stays while the next loads. */
export function useLocationSearch(q: string, limit: number) {
  return useQuery({
    queryKey: queryKeys.locationSearch(q, limit),
    queryFn: () => call(api.GET('/api/v1/locations', { params: { query: { q, limit } } })),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
}

/** The API's verdict on a HWKC for a system type; nothing is asked while `value` is empty or `enabled` is off. */
export function useHwkcCheck(type: SystemTypeInfo, value: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.hwkcCheck(type.code, value),
    queryFn: () =>
      call(
        api.POST('/api/v1/system-types/{code}/hwkc-check', {
          params: { path: { code: type.code } },
          body: { value },
        }),
      ),
    enabled: value !== '' && enabled,
    staleTime: Infinity,
  });
}

/** Creates a location under a customer: it, and the children its type brought along. */
export function useCreateLocation(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: LocationBody) => {
      const { children, ...location } = await call(
        api.POST('/api/v1/customers/{id}/locations', {
          params: { path: { id: customerId } },
          body: body as Schemas['LocationBody'],
        }),
      );
      return { location, children };
    },
    onSuccess: ({ location }) => {
      queryClient.setQueryData(queryKeys.location(location.id), location);
      return queryClient.invalidateQueries({ queryKey: queryKeys.customerLocations(customerId) });
    },
  });
}

/** Creates a child location under the location `parentId`. */
export function useCreateChildLocation(parentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LocationBody) =>
      call(
        api.POST('/api/v1/locations/{id}/children', {
          params: { path: { id: parentId } },
          body: body as Schemas['ChildLocationBody'],
        }),
      ),
    onSuccess: async (child) => {
      queryClient.setQueryData(queryKeys.location(child.id), child);
      await queryClient.invalidateQueries({ queryKey: queryKeys.locationChildren(parentId) });
      // A child belongs to its parent's customer.
      await queryClient.invalidateQueries({ queryKey: queryKeys.customerLocations(child.customer_id) });
    },
  });
}

/** After a location changed: its details at once; the lists it is in and its HWKC history are stale. */
function useLocationSaved() {
  const queryClient = useQueryClient();
  return (saved: Location) => {
    queryClient.setQueryData(queryKeys.location(saved.id), saved);
    void queryClient.invalidateQueries({ queryKey: queryKeys.customerLocations(saved.customer_id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.hwkcHistory(saved.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.locationChildren(saved.id) });
  };
}

/** Changes a location's name, note, computer name or domain. */
export function useUpdateLocation(id: string) {
  const saved = useLocationSaved();
  return useMutation({
    mutationFn: (body: LocationPatch) => call(api.PATCH('/api/v1/locations/{id}', { params: { path: { id } }, body })),
    onSuccess: saved,
  });
}

/**
 * Replaces a standard server's temporary key by the HWKC derived from its IP address; the
 * option attached to the temporary key is activated on it.
 */
export function useDeriveServerHwkc(id: string) {
  const saved = useLocationSaved();
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: (ipAddress: string) =>
      call(
        api.POST('/api/v1/locations/{id}/server-hwkc', {
          params: { path: { id } },
          body: { ip_address: ipAddress },
        }),
      ),
    onSuccess: (next) => {
      void changed(next.id);
      saved(next);
    },
  });
}

/**
 * Migrates an SV9100 CP10 location to a new CP20 location with the CP20 board's key: the new
 * location takes the licenses and SWA; both locations, their licenses, the bin (attached
 * licenses went back to it) and SWA are stale afterwards.
 */
export function useMigrateLocation(id: string) {
  const queryClient = useQueryClient();
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: (newHwkc: string) =>
      call(api.POST('/api/v1/locations/{id}/migrations', { params: { path: { id } }, body: { new_hwkc: newHwkc } })),
    onSuccess: async (done) => {
      queryClient.setQueryData(queryKeys.location(done.from.id), done.from);
      queryClient.setQueryData(queryKeys.location(done.to.id), done.to);
      await Promise.all([
        changed(done.from.id),
        changed(done.to.id),
        queryClient.invalidateQueries({ queryKey: queryKeys.customerLocations(done.to.customer_id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.locationSearchAll() }),
      ]);
    },
  });
}
