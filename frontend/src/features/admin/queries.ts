import { useQuery } from '@tanstack/react-query';
import { api, call, type Partner } from '../../api/client';

/** Every partner, all pages (for choosers and for naming partners by id). */
export function useAllPartners() {
  return useQuery({
    queryKey: ['admin', 'partners', 'all'],
    queryFn: async () => {
      const all: Partner[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(api.GET('/api/v1/admin/partners', { params: { query: { limit: 200, cursor } } }));
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

export const TIER_LABEL = { distributor: 'Distributor (tier 1)', dealer: 'Dealer / reseller (tier 2)' } as const;
