// The table of a location's activated licenses, shared by the Location page and the
// administrator's external-file upload.
import type { Attachment } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/format';
import { usePartDescription } from './queries';

export function ActivatedTable({ rows, locationName }: { rows: Attachment[]; locationName: string }) {
  const describe = usePartDescription();
  return (
    <DataTable
      caption={`Activated licenses of ${locationName}`}
      head={
        <>
          <th scope="col">Part number</th>
          <th scope="col">Description</th>
          <th scope="col">PO</th>
          <th scope="col" className="num">
            Quantity
          </th>
          <th scope="col">Activated</th>
        </>
      }
    >
      {rows.map((a) => (
        <tr key={a.id}>
          <th scope="row">
            <code>{a.part_number}</code>
          </th>
          <td>{describe(a.part_number) ?? <span className="muted">—</span>}</td>
          <td>{a.po_number}</td>
          <td className="num">{a.quantity}</td>
          <td>{a.activated_at ? formatDateTime(a.activated_at) : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
