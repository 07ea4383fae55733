// The columns the tables of licenses share: a part number with its catalog description, and
// for a location's attached and activated licenses the PO and quantity after it, so those
// two tables stay the same up to their date.
import type { Attachment } from '../../api/client';
import { ColumnHeads } from '../../components/DataTable';

/** How a table names a part: `usePartDescription()`, read once by the table, not per row. */
export type Describe = (partNumber: string) => string | undefined;

/** The row's header cell (the part number) and its description. */
export function PartCells({ part, describe }: { part: string; describe: Describe }) {
  return (
    <>
      <th scope="row">
        <code>{part}</code>
      </th>
      <td>{describe(part) ?? <span className="muted">—</span>}</td>
    </>
  );
}

export function AttachmentHeads() {
  return <ColumnHeads names={['Part number', 'Description', 'PO', 'Quantity']} numeric={['Quantity']} />;
}

export function AttachmentCells({ a, describe }: { a: Attachment; describe: Describe }) {
  return (
    <>
      <PartCells part={a.part_number} describe={describe} />
      <td>{a.po_number}</td>
      <td className="num">{a.quantity}</td>
    </>
  );
}
