// Lists the API hands out a page at a time (`{items, next_cursor}`; the cursor of the next page
// goes back as `cursor`), read as the user asks for more or all at once.
import { useInfiniteQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** `null` (or absent) on the last page. */
  next_cursor?: string | null;
}

/** Fetches the page that starts at `cursor` (the first page without one). */
export type FetchPage<T> = (cursor: string | undefined) => Promise<Page<T>>;

/** A list read a page at a time: `fetchNextPage` gets the next one. */
export function usePagedQuery<T>(queryKey: QueryKey, fetchPage: FetchPage<T>) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The items of the pages loaded so far, in order. */
export function loadedItems<T>(data: InfiniteData<Page<T>> | undefined): T[] {
  return data?.pages.flatMap((p) => p.items) ?? [];
}

/** Every item of a list: the pages one after another until the last. */
export async function allPages<T>(fetchPage: FetchPage<T>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return all;
}
