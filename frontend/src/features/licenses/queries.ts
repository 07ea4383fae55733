import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, fileUpload, type DectImport, type Part, type PartKind, type Stacked } from '../../api/client';
import { humanize } from '../../lib/format';

/** The part catalog (`GET /parts`); it changes only when the vendor edits it. */
export function useParts() {
  return useQuery({
    queryKey: ['parts'],
    queryFn: async () => (await call(api.GET('/api/v1/parts'))).items,
    staleTime: 10 * 60_000,
  });
}

/** Part number → description, for tables that carry only the number. */
export function usePartDescription(): (partNumber: string) => string | undefined {
  const { data } = useParts();
  return useCallback((n) => data?.find((p: Part) => p.part_number === n)?.description, [data]);
}

export function useLocationLicenses(locationId: string) {
  return useQuery({
    queryKey: ['location-licenses', locationId],
    queryFn: () => call(api.GET('/api/v1/locations/{id}/licenses', { params: { path: { id: locationId } } })),
  });
}

/** A location's DECT license file uploads, newest first, with their state. */
export function useDectImports(locationId: string) {
  return useQuery({
    queryKey: ['dect-imports', locationId],
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
      queryClient.setQueryData<DectImport[]>(['dect-imports', locationId], (old) => [
        requested,
        ...(old ?? []).filter((x) => x.upload_id !== requested.upload_id),
      ]);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['dect-imports', locationId] }),
        queryClient.invalidateQueries({ queryKey: ['location-audit', locationId] }),
      ]);
    },
  });
}

/** After licenses moved: the bin, the location's licenses, its details and its history are stale. */
export function useLicensesChanged() {
  const queryClient = useQueryClient();
  return useCallback(
    (locationId?: string) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['license-bin'] }),
        ...(locationId
          ? [
              queryClient.invalidateQueries({ queryKey: ['location-licenses', locationId] }),
              queryClient.invalidateQueries({ queryKey: ['location', locationId] }),
              queryClient.invalidateQueries({ queryKey: ['location-audit', locationId] }),
            ]
          : []),
      ]),
    [queryClient],
  );
}

/** Names of the catalog's feature keys, as a partner reads them on a price list. */
const FEATURES: Record<string, string> = {
  'ports.ip': 'IP extension ports',
  'ports.tdm': 'TDM extension ports',
  'trunks.sip': 'SIP trunk channels',
  'seats.uc': 'UC client seats',
  'seats.bct': 'BCT client seats',
  'seats.operator': 'Operator console seats',
  'seats.agent': 'Contact center agents',
  'voicemail.ports': 'Voicemail ports',
  'hospitality.rooms': 'Hospitality rooms',
  release: 'System release',
  'srmgc.e': 'SR-MGC(E)',
  'srmgc.s': 'SR-MGC(S)',
  'option.virtualization': 'Virtualization option',
  'option.upgrade_allowance': 'Upgrade allowance',
  'option.high_availability': 'High availability option',
  'dect.dap': 'DECT access points (DAP)',
  'dect.dswu': 'DECT DSWU upgrades',
  'dect.messaging': 'DECT messaging',
  'dect.location': 'DECT location',
  'dect.handsets': 'DECT handset registrations',
  'dect.dmls': 'DMLS discounted messaging',
  'ma4000.sm.users': 'MA4000 System Manager users',
  'ma4000.em.extensions': 'MA4000 Expense Manager extensions',
  'cti.users': 'CTI server users',
  'sbc.sessions': 'SBC sessions',
  'sbc.transcoding': 'Transcoding sessions',
  'ovoc.devices': 'OVOC managed devices',
  'rcc.base': 'RCC base system',
  'rcc.agents': 'RCC agents',
  'um.mailboxes': 'UM4730 mailboxes',
  'um.ports': 'UM4730 voice ports',
  'exm.base': 'Expense Management base',
  'exm.extensions': 'Expense Management extensions',
  'mobicall.base': 'MobiCall base system',
  'mobicall.users': 'MobiCall users',
  'mobicall.espa': 'MobiCall ESPA interface',
};

export function featureName(feature: string): string {
  return FEATURES[feature] ?? humanize(feature.replace(/\./g, ' '));
}

export const KIND_LABEL: Record<PartKind, string> = {
  quantity: 'Quantity (adds up)',
  version: 'Version (highest counts)',
  option: 'Option',
};

/** A stacked value as the license file means it: a count, "Release 8", or "On". */
export function featureValue(kind: PartKind, value: number): string {
  if (kind === 'version') return `Release ${value}`;
  if (kind === 'option') return value > 0 ? (value > 1 ? `On (×${value})` : 'On') : 'Off';
  return String(value);
}

/** Union of the features of two stacked results, in the order of `after` then `before`. */
export function compareStacked(before: Stacked[], after: Stacked[]) {
  const features = [...after.map((s) => s.feature), ...before.map((s) => s.feature)].filter(
    (f, i, all) => all.indexOf(f) === i,
  );
  return features.map((feature) => {
    const b = before.find((s) => s.feature === feature);
    const a = after.find((s) => s.feature === feature);
    return { feature, kind: (a ?? b)!.kind, before: b, after: a, changed: (b?.value ?? 0) !== (a?.value ?? 0) };
  });
}
