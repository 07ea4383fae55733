// Resold licenses (SPEC §6, §8): the distributor's reships to its dealers, each with its dealer,
// SO and PO numbers, date, and parts; filtered by dealer and date, a page at a time.
import { useState } from 'react';
import { loadedItems } from '../../api/paging';
import { ColumnHeads } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedList';
import { formatDateTime } from '../../lib/format';
import { useReships, type Reship, type ReshipFilter } from './queries';
import { ResoldFilters, type ResoldFilterInput } from './ResoldFilters';
import { byPartNumber } from './reshipLines';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

const PAGE_SIZE = 25;

/** The start of a local calendar day `YYYY-MM-DD`, `days` later, as an ISO date-time. */
function dayStart(date: string, days = 0): string | undefined {
  const d = new Date(`${date}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setDate(d.getDate() + days);
  return d.toISOString();
}

/** The API's filter: both days included, so "to" is the start of the day after. */
function toFilter(input: ResoldFilterInput): ReshipFilter {
  return {
    dealerId: input.dealerId || undefined,
    from: input.from ? dayStart(input.from) : undefined,
    to: input.to ? dayStart(input.to, 1) : undefined,
  };
}

/** Every dealer the loaded reships went to (id → name), kept while a filter hides some. */
function useDealersSeen(reships: Reship[]): Record<string, string> {
  const [seen, setSeen] = useState<Record<string, string>>({});
  const unseen = reships.filter((r) => seen[r.dealer_id] !== r.dealer_name);
  // Adjusting state while rendering (not in an effect): React renders again at once.
  if (unseen.length > 0)
    setSeen((s) => ({ ...s, ...Object.fromEntries(unseen.map((r) => [r.dealer_id, r.dealer_name])) }));
  return seen;
}

function ReshipRow({ reship: r }: { reship: Reship }) {
  return (
    <tr data-po={r.po_number}>
      <td className="nowrap">{formatDateTime(r.created_at)}</td>
      <th scope="row">{r.dealer_name}</th>
      <td>{r.po_number}</td>
      <td>{r.so_number}</td>
      <td>
        <ul className="plain-list">
          {byPartNumber(r.lines).map((l) => (
            <li key={l.po_line_id}>
              {l.quantity} × <code>{l.part_number}</code>
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

export function ResoldLicenses() {
  const [input, setInput] = useState<ResoldFilterInput>({ dealerId: '', from: '', to: '' });
  const rangeError = input.from && input.to && input.to < input.from ? 'Choose a day on or after “From”.' : undefined;
  // A reversed range would find nothing: keep the last good one until it is corrected.
  const [filter, setFilter] = useState<ReshipFilter>({});
  const reships = useReships(filter, PAGE_SIZE);
  const dealers = useDealersSeen(loadedItems(reships.data));

  function change(next: ResoldFilterInput) {
    setInput(next);
    if (!(next.from && next.to && next.to < next.from)) setFilter(toFilter(next));
  }

  return (
    <>
      <ResoldFilters value={input} onChange={change} dealers={dealers} rangeError={rangeError} />
      <div className="toolbar">
        <ExportCsvButton download={csvExports.reships(filter)} label="Export CSV (these filters)" />
      </div>
      <PagedTable
        query={reships}
        what="resold licenses"
        errorTitle="The resold licenses could not be loaded"
        empty={
          filter.dealerId || filter.from || filter.to
            ? 'No reship matches these filters.'
            : 'Nothing resold yet. Reship licenses from your license bin: select them, then “Reship to dealer…”.'
        }
        caption="Resold licenses, oldest first"
        head={<ColumnHeads names={['Date', 'Dealer', 'PO', 'SO', 'Parts']} />}
        row={(r) => <ReshipRow reship={r} />}
        itemKey={(r) => r.id}
      />
    </>
  );
}
