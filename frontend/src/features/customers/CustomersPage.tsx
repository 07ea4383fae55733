import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../auth/session';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/feedback';
import { PageHeader } from '../../components/page';
import { countryName } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { useCustomerPage } from './queries';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

const PAGE_SIZE = 25;

export function CustomersPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);
  // The cursors of the pages seen so far for this search; a new search starts again.
  const [paging, setPaging] = useState<{ q: string; cursors: (string | undefined)[] }>({ q, cursors: [undefined] });
  const cursors = paging.q === q ? paging.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];

  const page = useCustomerPage(q, cursor, PAGE_SIZE);

  function search(value: string) {
    setText(value);
    setParams(value.trim() ? { q: value } : {}, { replace: true });
  }

  const items = page.data?.items ?? [];
  const pageNumber = cursors.length;
  return (
    <>
      <PageHeader
        title="Customers"
        actions={
          <>
            <ExportCsvButton download={csvExports.customers(q)} />
            {me.partner && (
              <Link to="/customers/new" className="button button-primary">
                New customer
              </Link>
            )}
          </>
        }
      />
      <div className="card">
        <div className="toolbar">
          <div className="search-field">
            <label htmlFor="customer-search">Search customers</label>
            <input
              id="customer-search"
              type="search"
              placeholder="Name or reference note"
              value={text}
              onChange={(e) => search(e.target.value)}
            />
          </div>
        </div>
        {page.isPending && <Loading what="customers" />}
        {page.isError && <ErrorNotice error={page.error} />}
        {page.isSuccess && items.length === 0 && (
          <p className="empty">
            {q ? `No customer matches “${q}”.` : 'There are no customers yet.'}{' '}
            {me.partner && !q && <Link to="/customers/new">Create the first one.</Link>}
          </p>
        )}
        {items.length > 0 && (
          <DataTable
            caption={`Customers, page ${pageNumber}`}
            busy={page.isFetching}
            head={
              <>
                <th scope="col">Name</th>
                <th scope="col">City</th>
                <th scope="col">Country</th>
                <th scope="col">Contact</th>
                <th scope="col">Reference note</th>
              </>
            }
          >
            {items.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/customers/${c.id}`}>{c.name}</Link>
                </th>
                <td>{c.city ?? <span className="muted">—</span>}</td>
                <td>
                  <abbr title={countryName(c.country)}>{c.country}</abbr>
                </td>
                <td>{c.contact_name ?? <span className="muted">—</span>}</td>
                <td>{c.reference_note ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </DataTable>
        )}
        {(pageNumber > 1 || page.data?.next_cursor) && (
          <nav className="pager" aria-label="Customer pages">
            <button
              type="button"
              className="button"
              disabled={pageNumber <= 1}
              onClick={() => setPaging({ q, cursors: cursors.slice(0, -1) })}
            >
              ← Previous
            </button>
            <span>Page {pageNumber}</span>
            <button
              type="button"
              className="button"
              disabled={!page.data?.next_cursor || page.isPlaceholderData}
              onClick={() => setPaging({ q, cursors: [...cursors, page.data?.next_cursor ?? undefined] })}
            >
              Next →
            </button>
          </nav>
        )}
      </div>
    </>
  );
}
