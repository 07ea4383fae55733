// Customers: reading them (one, a page of a search, their locations) and creating and changing
// them.
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Customer, type CustomerBody, type CustomerPatch, type Location } from '../../api/client';
import { usePagedQuery } from '../../api/paging';
import { queryKeys } from '../../api/queryKeys';

const fetchCustomer = (id: string) => call(api.GET('/api/v1/customers/{id}', { params: { path: { id } } }));

/** One customer; nothing is fetched while `id` is empty. */
export function useCustomer(id: string) {
  return useQuery({ queryKey: queryKeys.customer(id), queryFn: () => fetchCustomer(id), enabled: id !== '' });
}

/** The names of the customers some locations belong to (a location carries only the id). */
export function useCustomerNames(locations: Location[]): Map<string, string> {
  const ids = [...new Set(locations.map((l) => l.customer_id))];
  const customers = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.customer(id),
      queryFn: () => fetchCustomer(id),
      staleTime: 5 * 60_000,
    })),
  });
  const names = new Map<string, string>();
  customers.forEach((c, i) => c.data && names.set(ids[i], c.data.name));
  return names;
}

/** One page of the customers matching `q` (all when empty); the last page stays while the next loads. */
export function useCustomerPage(q: string, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: queryKeys.customers.page(q, cursor),
    queryFn: () => call(api.GET('/api/v1/customers', { params: { query: { q: q || undefined, limit, cursor } } })),
    placeholderData: keepPreviousData,
  });
}

/** A customer's locations, 100 a page. */
export function useCustomerLocations(customerId: string) {
  return usePagedQuery(queryKeys.customerLocations(customerId), (cursor) =>
    call(
      api.GET('/api/v1/customers/{id}/locations', {
        params: { path: { id: customerId }, query: { limit: 100, cursor } },
      }),
    ),
  );
}

/** The customer just created or saved: in the cache at once, and every search is stale. */
function useCustomerSaved() {
  const queryClient = useQueryClient();
  return (saved: Customer) => {
    queryClient.setQueryData(queryKeys.customer(saved.id), saved);
    return queryClient.invalidateQueries({ queryKey: queryKeys.customers.all() });
  };
}

export function useCreateCustomer() {
  const saved = useCustomerSaved();
  return useMutation({
    mutationFn: (body: CustomerBody) => call(api.POST('/api/v1/customers', { body })),
    onSuccess: saved,
  });
}

/** Changes a customer: the fields in the patch; `null` clears an optional one. */
export function useUpdateCustomer(id: string) {
  const saved = useCustomerSaved();
  return useMutation({
    mutationFn: (body: CustomerPatch) => call(api.PATCH('/api/v1/customers/{id}', { params: { path: { id } }, body })),
    onSuccess: saved,
  });
}
