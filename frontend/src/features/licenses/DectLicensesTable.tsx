// The licenses read from a legacy DECT license file: shown to the partner to confirm, while
// the import waits for approval, and to the vendor admin who decides on it.
import type { Schemas } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { PartCells } from './AttachmentColumns';
import { usePartDescription } from './queries';

type UploadedLicense = Schemas['UploadedLicenseView'];

const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** "2019-03-12" → "12 Mar 2019" (a calendar date, so no time zone shifts it). */
function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

/** How many licenses the file holds in all. */
export function licenseTotal(licenses: UploadedLicense[]): number {
  return licenses.reduce((n, x) => n + x.quantity, 0);
}

export function DectLicensesTable({ licenses, caption }: { licenses: UploadedLicense[]; caption: string }) {
  const describe = usePartDescription();
  return (
    <DataTable
      caption={caption}
      head={<ColumnHeads names={['Part number', 'Description', 'Quantity', 'Issued on']} numeric={['Quantity']} />}
    >
      {licenses.map((x, i) => (
        <tr key={i}>
          <PartCells part={x.part_number} describe={describe} />
          <td className="num">{x.quantity}</td>
          <td>{formatDate(x.issued_on)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
