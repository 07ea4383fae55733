// CSV exports of the lists (`format=csv`): every item the list's filters match — not just the
// pages shown — as the server streams it, saved by the browser under the server's file name.
import type { SwaAssignmentState, DectImportState } from './client';
import { api, callFile, type ApiFile } from './client';

const csv = { format: 'csv' } as const;
const blob = { parseAs: 'blob' } as const;

/** A list's export: a click fetches it and hands the file over. */
export type Export = () => Promise<ApiFile>;

export const csvExports = {
  customers:
    (q: string): Export =>
    () =>
      callFile(
        api.GET('/api/v1/customers', { params: { query: { q: q || undefined, ...csv } }, ...blob }),
        'customers.csv',
      ),
  customerLocations:
    (id: string): Export =>
    () =>
      callFile(
        api.GET('/api/v1/customers/{id}/locations', { params: { path: { id }, query: csv }, ...blob }),
        'customer-locations.csv',
      ),
  locations:
    (q: string): Export =>
    () =>
      callFile(api.GET('/api/v1/locations', { params: { query: { q, ...csv } }, ...blob }), 'locations.csv'),
  licenseBin:
    (includeUsed: boolean): Export =>
    () =>
      callFile(
        api.GET('/api/v1/license-bin', {
          params: { query: { include_used: includeUsed || undefined, ...csv } },
          ...blob,
        }),
        'license-bin.csv',
      ),
  reships:
    (filter: { dealerId?: string; from?: string; to?: string }): Export =>
    () =>
      callFile(
        api.GET('/api/v1/reships', {
          params: { query: { dealer_id: filter.dealerId, from: filter.from, to: filter.to, ...csv } },
          ...blob,
        }),
        'reships.csv',
      ),
  swaReships: (): Export => () =>
    callFile(api.GET('/api/v1/swa-reships', { params: { query: csv }, ...blob }), 'swa-reships.csv'),
  swaBin: (): Export => () => callFile(api.GET('/api/v1/swa-bin', { params: { query: csv }, ...blob }), 'swa-bin.csv'),
  swaAssignments:
    (filter: { locationId?: string; status?: SwaAssignmentState }): Export =>
    () =>
      callFile(
        api.GET('/api/v1/swa-assignments', {
          params: { query: { location_id: filter.locationId, status: filter.status, ...csv } },
          ...blob,
        }),
        'swa-assignments.csv',
      ),
  swaProspects: (): Export => () =>
    callFile(
      api.GET('/api/v1/swa/prospective-locations', { params: { query: csv }, ...blob }),
      'swa-prospective-locations.csv',
    ),
  auditEvents:
    (subject?: string): Export =>
    () =>
      callFile(
        api.GET('/api/v1/audit-events', { params: { query: { subject, ...csv } }, ...blob }),
        'audit-events.csv',
      ),
  partners: (): Export => () =>
    callFile(api.GET('/api/v1/admin/partners', { params: { query: csv }, ...blob }), 'partners.csv'),
  users: (): Export => () => callFile(api.GET('/api/v1/admin/users', { params: { query: csv }, ...blob }), 'users.csv'),
  apiKeys: (): Export => () =>
    callFile(api.GET('/api/v1/admin/api-keys', { params: { query: csv }, ...blob }), 'api-keys.csv'),
  dectImports:
    (state: DectImportState): Export =>
    () =>
      callFile(
        api.GET('/api/v1/admin/dect-imports', { params: { query: { state, ...csv } }, ...blob }),
        'dect-imports.csv',
      ),
};
