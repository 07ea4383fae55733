// A list the API hands out a page at a time, as every list page shows it: loading, the error,
// the empty list, the items loaded so far, and a button for the next page.
import { Fragment, type ReactNode } from 'react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { loadedItems, type Page } from '../api/paging';
import { DataTable } from './DataTable';
import { ErrorNotice, Loading } from './feedback';

type PagedQuery<T> = UseInfiniteQueryResult<InfiniteData<Page<T>>>;

/** "Show more …" while there is a next page; `busyLabel` replaces the label while it loads. */
function ShowMore({
  query,
  label,
  busyLabel,
}: {
  query: Pick<PagedQuery<unknown>, 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;
  label: string;
  busyLabel?: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <button type="button" className="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
      {query.isFetchingNextPage && busyLabel ? busyLabel : label}
    </button>
  );
}

export interface PagedListProps<T> {
  query: PagedQuery<T>;
  /** What is loading, e.g. "partners" ("Loading partners…"). */
  what: string;
  /** The button's label for the next page; "Show more" + `what` when omitted. */
  more?: string;
  /** The button's label while the next page loads; `more` when omitted. */
  busyMore?: string;
  /** Said when the list is empty; nothing when omitted. */
  empty?: ReactNode;
  /** The title of the error notice, when the list cannot be loaded. */
  errorTitle?: string;
}

/** The items loaded so far, drawn by `children` (not called while there are none). */
export function PagedList<T>({
  query,
  what,
  more,
  busyMore,
  empty,
  errorTitle,
  children,
}: PagedListProps<T> & { children: (items: T[]) => ReactNode }) {
  const items = loadedItems(query.data);
  return (
    <>
      {query.isPending && <Loading what={what} />}
      {query.isError && <ErrorNotice error={query.error} title={errorTitle} />}
      {query.isSuccess && items.length === 0 && empty && <p className="empty">{empty}</p>}
      {items.length > 0 && children(items)}
      <ShowMore query={query} label={more ?? `Show more ${what}`} busyLabel={busyMore} />
    </>
  );
}

/** A {@link PagedList} as a table: a row per item. */
export function PagedTable<T>({
  caption,
  head,
  row,
  itemKey,
  ...list
}: PagedListProps<T> & {
  caption: string;
  /** The `<th scope="col">` cells of the header row. */
  head: ReactNode;
  /** The row (or rows) of one item. */
  row: (item: T) => ReactNode;
  itemKey: (item: T) => string;
}) {
  return (
    <PagedList {...list}>
      {(items) => (
        <DataTable caption={caption} head={head}>
          {items.map((item) => (
            <Fragment key={itemKey(item)}>{row(item)}</Fragment>
          ))}
        </DataTable>
      )}
    </PagedList>
  );
}
