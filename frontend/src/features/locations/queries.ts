import { useQuery } from '@tanstack/react-query';
import { api, call, type Location } from '../../api/client';
import type { Crumb } from '../../components/page';

export function useLocationQuery(id: string) {
  return useQuery({
    queryKey: ['location', id],
    queryFn: () => call(api.GET('/api/v1/locations/{id}', { params: { path: { id } } })),
  });
}

/** Breadcrumbs down to a location: Customers › its customer › its parent (if any). */
export function useLocationCrumbs(location: Location | undefined): Crumb[] {
  const customerId = location?.customer_id ?? '';
  const parentId = location?.parent_id ?? '';
  const customer = useQuery({
    queryKey: ['customer', customerId],
    queryFn: () => call(api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })),
    enabled: customerId !== '',
  });
  const parent = useQuery({
    queryKey: ['location', parentId],
    queryFn: () => call(api.GET('/api/v1/locations/{id}', { params: { path: { id: parentId } } })),
    enabled: parentId !== '',
  });
  const crumbs: Crumb[] = [{ label: 'Customers', to: '/customers' }];
  if (location) crumbs.push({ label: customer.data?.name ?? 'Customer', to: `/customers/${location.customer_id}` });
  if (location?.parent_id)
    crumbs.push({ label: parent.data?.name ?? 'Parent location', to: `/locations/${location.parent_id}` });
  return crumbs;
}
