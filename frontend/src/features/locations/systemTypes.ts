// The catalog of system types: what each type takes as input, its HWKC rule, its child types,
// and the inputs and limits particular to it. The portal asks the catalog, never a list of codes.
import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, call, type SystemTypeCode, type SystemTypeInfo } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** The catalog of system types (`GET /system-types`); it changes only with a server release. */
export function useSystemTypes() {
  return useQuery({
    queryKey: queryKeys.systemTypes(),
    queryFn: async () => (await call(api.GET('/api/v1/system-types'))).items,
    staleTime: Infinity,
  });
}

/** The catalog entry of one system type (undefined until the catalog has loaded). */
export function useSystemType(code: SystemTypeCode | undefined): SystemTypeInfo | undefined {
  const { data } = useSystemTypes();
  return data?.find((t) => t.code === code);
}

/** The human name of a system type code (the code itself until the catalog has loaded). */
export function useSystemTypeName(): (code: SystemTypeCode) => string {
  const { data } = useSystemTypes();
  return useCallback((code) => data?.find((t) => t.code === code)?.name ?? code, [data]);
}

/**
 * Types a location can be created with directly under a customer. A type whose key is
 * generated without any input and that only exists as another type's child (SR-MGC) needs
 * a parent, so it is offered on the parent's page instead.
 */
export function topLevelTypes(types: SystemTypeInfo[]): SystemTypeInfo[] {
  const childOnly = (t: SystemTypeInfo) => t.input === 'none' && types.some((p) => p.child_types.includes(t.code));
  return types.filter((t) => !childOnly(t));
}
