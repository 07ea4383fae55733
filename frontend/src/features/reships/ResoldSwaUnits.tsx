// Resold SWA units: the distributor's SWA reships, each with its dealer, numbers, date, units and
// the expiry dates the units kept.
import { ColumnHeads } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedList';
import { formatDate, formatDateTime } from '../../lib/format';
import { useSwaReships } from './queries';

const PAGE_SIZE = 25;

export function ResoldSwaUnits() {
  const reships = useSwaReships(PAGE_SIZE);
  return (
    <PagedTable
      query={reships}
      what="resold SWA units"
      errorTitle="The resold SWA units could not be loaded"
      empty="No SWA units resold yet."
      caption="Resold SWA units, oldest first"
      head={<ColumnHeads names={['Date', 'Dealer', 'PO', 'SO', 'Units', 'Expiry']} numeric={['Units']} />}
      itemKey={(r) => r.id}
      row={(r) => (
        <tr data-po={r.po_number}>
          <td className="nowrap">{formatDateTime(r.created_at)}</td>
          <th scope="row">{r.dealer_name}</th>
          <td>{r.po_number}</td>
          <td>{r.so_number}</td>
          <td className="num">{r.units}</td>
          <td>
            <ul className="plain-list">
              {r.lots.map((l) => (
                <li key={l.dealer_swa_po_id}>
                  {l.units} until {formatDate(l.expires_on)}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    />
  );
}
