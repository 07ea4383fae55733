// The vendor administrators' data: partners, users, shipping allowances, shipments, DECT
// import decisions, external license files and everyone's API keys.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  api,
  call,
  fileUpload,
  type DectImport,
  type DectImportState,
  type Schemas,
  type UserPatch,
} from '../../api/client';
import { allPages, usePagedQuery } from '../../api/paging';
import { queryKeys } from '../../api/queryKeys';
import { useLicensesChanged } from '../licenses/queries';

const partnersPage = (limit: number) => (cursor: string | undefined) =>
  call(api.GET('/api/v1/admin/partners', { params: { query: { limit, cursor } } }));

/** Every partner, all pages (for choosers and for naming partners by id). */
export function useAllPartners() {
  return useQuery({ queryKey: queryKeys.admin.partners.everyone(), queryFn: () => allPages(partnersPage(200)) });
}

/** Partners by name, 50 a page. */
export function usePartners() {
  return usePagedQuery(queryKeys.admin.partners.pages(), partnersPage(50));
}

export const TIER_LABEL = { distributor: 'Distributor (tier 1)', dealer: 'Dealer / reseller (tier 2)' } as const;

export function useCreatePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['PartnerBody']) => call(api.POST('/api/v1/admin/partners', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.partners.all() }),
  });
}

/** Users by e-mail, 50 a page. */
export function useUsers() {
  return usePagedQuery(queryKeys.admin.users(), (cursor) =>
    call(api.GET('/api/v1/admin/users', { params: { query: { limit: 50, cursor } } })),
  );
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UserBody']) => call(api.POST('/api/v1/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.users() }),
  });
}

/** Changes a user's name or roles, or disables or enables the account. */
export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: UserPatch) =>
      call(api.PATCH('/api/v1/admin/users/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.users() }),
  });
}

/** Which distributor may reship to and act for which dealer. */
export function useAllowances() {
  return useQuery({
    queryKey: queryKeys.admin.allowances(),
    queryFn: () => call(api.GET('/api/v1/admin/shipping-allowances')),
  });
}

export function useCreateAllowance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['AllowanceBody']) => call(api.POST('/api/v1/admin/shipping-allowances', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.allowances() }),
  });
}

/** Removes a shipping allowance (by id): reships and impersonations under it stop at once. */
export function useRemoveAllowance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/admin/shipping-allowances/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.admin.allowances() }),
  });
}

/** Ships a purchase order into a partner's license bin. */
export function useShip() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ShipmentBody']) => call(api.POST('/api/v1/admin/shipments', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.licenseBin.all() });
    },
  });
}

/** Stores the license file of an external product, made outside the LMS, for a location. */
export function useUploadExternalLicenseFile(locationId: string) {
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: (file: File) =>
      call(
        api.PUT('/api/v1/admin/locations/{id}/external-license-file', {
          params: { path: { id: locationId } },
          ...fileUpload(file),
        }),
      ),
    onSuccess: () => {
      void changed(locationId);
    },
  });
}

/**
 * Replaces a location's hardware (`dry_run` previews it and changes nothing): afterwards the
 * location, its history, licenses (the new file) and those of its following children are stale.
 */
export function useHardwareReplacement(locationId: string) {
  const queryClient = useQueryClient();
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: (body: Schemas['HardwareReplacementBody']) =>
      call(
        api.POST('/api/v1/admin/locations/{id}/hardware-replacement', { params: { path: { id: locationId } }, body }),
      ),
    onSuccess: async (done) => {
      if (done.dry_run) return;
      queryClient.setQueryData(queryKeys.location(done.location.id), done.location);
      await Promise.all(
        [done.location.id, ...done.children.map((c) => c.id)].flatMap((id) => [
          changed(id),
          queryClient.invalidateQueries({ queryKey: queryKeys.hwkcHistory(id) }),
        ]),
      );
      await queryClient.invalidateQueries({ queryKey: queryKeys.locationSearchAll() });
    },
  });
}

/** DECT imports in one state, oldest first (the queue of requests to decide on). */
export function useDectImportQueue(state: DectImportState) {
  return usePagedQuery(queryKeys.admin.dectImports.inState(state), (cursor) =>
    call(api.GET('/api/v1/admin/dect-imports', { params: { query: { state, limit: 50, cursor } } })),
  );
}

/** After a decision: every list of imports, and the location's own view, are stale. */
function useDectDecided() {
  const queryClient = useQueryClient();
  return (locationId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.admin.dectImports.all() }),
      queryClient.invalidateQueries({ queryKey: queryKeys.dectImports(locationId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.locationLicenses(locationId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.locationAudit(locationId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) }),
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
  return usePagedQuery(queryKeys.admin.apiKeys(), (cursor) =>
    call(api.GET('/api/v1/admin/api-keys', { params: { query: { limit: 50, cursor } } })),
  );
}

/** Revokes anyone's API key. */
export function useAdminRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/admin/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.admin.apiKeys() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys() }),
      ]),
  });
}
