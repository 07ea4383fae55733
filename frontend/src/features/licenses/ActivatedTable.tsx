// The table of a location's activated licenses, shared by the Location page and the
// administrator's external-file upload.
import type { Attachment } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/format';
import { AttachmentCells, AttachmentHeads } from './AttachmentColumns';
import { usePartDescription } from './queries';

export function ActivatedTable({
  rows,
  locationName,
  caption,
}: {
  rows: Attachment[];
  locationName: string;
  /** Instead of "Activated licenses of <location>". */
  caption?: string;
}) {
  const describe = usePartDescription();
  return (
    <DataTable
      caption={caption ?? `Activated licenses of ${locationName}`}
      head={
        <>
          <AttachmentHeads />
          <th scope="col">Activated</th>
        </>
      }
    >
      {rows.map((a) => (
        <tr key={a.id}>
          <AttachmentCells a={a} describe={describe} />
          <td>{a.activated_at ? formatDateTime(a.activated_at) : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
