// Licenses: the part catalog, the license bin, a location's licenses and DECT uploads, and every
// move of licenses (attach, detach, activate), their license file and demo licenses.
import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ApiError,
  api,
  call,
  callFile,
  fileUpload,
  saveFile,
  type Attachment,
  type DectImport,
  type Location,
  type Part,
} from '../../api/client';
import { allPages, usePagedQuery } from '../../api/paging';
import { queryKeys } from '../../api/queryKeys';

/** The part catalog (`GET /parts`); it changes only when the vendor edits it. */
export function useParts() {
  return useQuery({
    queryKey: queryKeys.parts(),
    queryFn: async () => (await call(api.GET('/api/v1/parts'))).items,
    staleTime: 10 * 60_000,
  });
}

/** Part number → description, for tables that carry only the number. */
export function usePartDescription(): (partNumber: string) => string | undefined {
  const { data } = useParts();
  return useCallback((n) => data?.find((p: Part) => p.part_number === n)?.description, [data]);
}

/** The partner's purchase orders, `limit` a page; with `includeUsed` also those with nothing left. */
export function useLicenseBin(includeUsed: boolean, limit: number) {
  return usePagedQuery(queryKeys.licenseBin.list(includeUsed), (cursor) =>
    call(
      api.GET('/api/v1/license-bin', { params: { query: { include_used: includeUsed || undefined, limit, cursor } } }),
    ),
  );
}

export function useLocationLicenses(locationId: string) {
  return useQuery({
    queryKey: queryKeys.locationLicenses(locationId),
    queryFn: () => call(api.GET('/api/v1/locations/{id}/licenses', { params: { path: { id: locationId } } })),
  });
}

/** The license file now and after activating these attachments; made afresh each time. */
export function useLicensePreview(locationId: string, attachmentIds: string[]) {
  return useQuery({
    queryKey: queryKeys.licensePreview(locationId, attachmentIds),
    queryFn: () =>
      call(
        api.GET('/api/v1/locations/{id}/license-preview', {
          params: { path: { id: locationId }, query: { attachment_ids: attachmentIds.join(',') } },
        }),
      ),
    staleTime: 0,
    gcTime: 0,
  });
}

/** A location's audit trail (every page), newest first. */
export function useLocationAudit(locationId: string) {
  return useQuery({
    queryKey: queryKeys.locationAudit(locationId),
    queryFn: async () =>
      (
        await allPages((cursor) =>
          call(api.GET('/api/v1/audit-events', { params: { query: { subject: locationId, limit: 200, cursor } } })),
        )
      ).reverse(),
  });
}

/** A location's DECT license file uploads, newest first, with their state. */
export function useDectImports(locationId: string) {
  return useQuery({
    queryKey: queryKeys.dectImports(locationId),
    queryFn: () => call(api.GET('/api/v1/locations/{id}/dect-imports', { params: { path: { id: locationId } } })),
  });
}

/** Uploads a legacy DECT license file: the licenses found in it, to confirm. */
export function useDectUpload(locationId: string) {
  return useMutation({
    mutationFn: (file: File) =>
      call(
        api.POST('/api/v1/locations/{id}/dect-license-upload', {
          params: { path: { id: locationId } },
          ...fileUpload(file),
        }),
      ),
  });
}

/** Confirms a parsed upload: it becomes a request for the vendor to approve. */
export function useDectImportRequest(locationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (uploadId: string) =>
      call(
        api.POST('/api/v1/locations/{id}/dect-license-upload/{upload_id}/import', {
          params: { path: { id: locationId, upload_id: uploadId } },
        }),
      ),
    onSuccess: (requested) => {
      // Show the request at once; the refetch below confirms it.
      queryClient.setQueryData<DectImport[]>(queryKeys.dectImports(locationId), (old) => [
        requested,
        ...(old ?? []).filter((x) => x.upload_id !== requested.upload_id),
      ]);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.dectImports(locationId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.locationAudit(locationId) }),
      ]);
    },
  });
}

/** After licenses moved: the bins, the location's licenses, its details and its history are stale. */
export function useLicensesChanged() {
  const queryClient = useQueryClient();
  return useCallback(
    (locationId?: string) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.licenseBin.all() }),
        // An activation changes SWA: the status, the rate, prospects, free-of-charge offers.
        queryClient.invalidateQueries({ queryKey: queryKeys.swa.all() }),
        ...(locationId
          ? [
              queryClient.invalidateQueries({ queryKey: queryKeys.locationLicenses(locationId) }),
              queryClient.invalidateQueries({ queryKey: queryKeys.location(locationId) }),
              queryClient.invalidateQueries({ queryKey: queryKeys.locationAudit(locationId) }),
            ]
          : []),
      ]),
    [queryClient],
  );
}

/** Attaches quantities of PO lines to a location; the request's `lines` keep the order given. */
export function useAttach() {
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: ({ locationId, lines }: { locationId: string; lines: { po_line_id: string; quantity: number }[] }) =>
      call(api.POST('/api/v1/locations/{id}/attachments', { params: { path: { id: locationId } }, body: { lines } })),
    onSuccess: (_, { locationId }) => changed(locationId),
    onError: (error) => {
      // Someone attached from the same lines meanwhile: the bin shows what is left now.
      if (error instanceof ApiError && error.code === 'NOT_ENOUGH_QUANTITY') void changed();
    },
  });
}

/** Detaches all of an attachment, or `quantity` of it, back to its PO line in the bin. */
export function useDetach(locationId: string) {
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: ({ attachment, quantity }: { attachment: Attachment; quantity?: number }) =>
      call(
        api.DELETE('/api/v1/locations/{id}/attachments/{attachment_id}', {
          params: { path: { id: locationId, attachment_id: attachment.id }, query: quantity ? { quantity } : {} },
        }),
      ),
    // Refused or not, the bin and the location may have changed meanwhile.
    onSettled: () => changed(locationId),
  });
}

/** Activates attachments for good, the license agreement accepted. */
export function useActivate(locationId: string) {
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: (attachmentIds: string[]) =>
      call(
        api.POST('/api/v1/locations/{id}/activations', {
          params: { path: { id: locationId } },
          body: { attachment_ids: attachmentIds, accept_license_agreement: true },
        }),
      ),
    onSuccess: () => {
      void changed(locationId);
    },
  });
}

/** Produces the license file again from everything activated, with a new activation code. */
export function useRegenerateLicenseFile(locationId: string) {
  const changed = useLicensesChanged();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/locations/{id}/license-file', { params: { path: { id: locationId } } })),
    onSuccess: () => changed(locationId),
  });
}

/** Saves the location's current license file in the browser. */
export function useDownloadLicenseFile(location: Location) {
  return useMutation({
    mutationFn: async () =>
      saveFile(
        await callFile(
          api.GET('/api/v1/locations/{id}/license-file', { params: { path: { id: location.id } }, parseAs: 'blob' }),
          `${location.hwkc}.lic`,
        ),
      ),
  });
}

/** Issues and saves a demo license: the file's name and how many demo licenses are left. */
export function useIssueDemoLicense(location: Location) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const file = await callFile(
        api.POST('/api/v1/locations/{id}/demo-licenses', { params: { path: { id: location.id } }, parseAs: 'blob' }),
        `${location.hwkc}-demo.lic`,
      );
      saveFile(file);
      const header = Number(file.response.headers.get('x-demo-licenses-remaining'));
      return { name: file.name, left: Number.isFinite(header) ? header : location.demo_licenses_remaining - 1 };
    },
    onSuccess: ({ left }) => {
      queryClient.setQueryData(queryKeys.location(location.id), { ...location, demo_licenses_remaining: left });
      void queryClient.invalidateQueries({ queryKey: queryKeys.locationAudit(location.id) });
    },
    // The count may have changed elsewhere (both used up meanwhile).
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.location(location.id) });
    },
  });
}
