// The licenses attached to a location: with `selection`, a checkbox a row (and one for all) to
// choose what to activate, and each row's detach controls.
import type { Attachment } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/format';
import { AttachmentCells, AttachmentHeads } from './AttachmentColumns';
import { DetachControls } from './DetachControls';
import { usePartDescription } from './queries';

export interface AttachedSelection {
  chosen: string[];
  setChosen: (ids: string[]) => void;
  busy: boolean;
  onDetach: (a: Attachment, quantity?: number) => void;
}

export function AttachedTable({
  attached,
  locationName,
  selection,
}: {
  attached: Attachment[];
  locationName: string;
  /** Absent for a reader who may not change the location. */
  selection?: AttachedSelection;
}) {
  const describe = usePartDescription();
  const chosen = selection?.chosen ?? [];
  const toggle = (id: string, on: boolean) =>
    selection?.setChosen(on ? [...chosen.filter((x) => x !== id), id] : chosen.filter((x) => x !== id));
  return (
    <DataTable
      className="middle"
      caption={`Attached licenses of ${locationName}`}
      head={
        <>
          {selection && (
            <th scope="col" className="check-cell">
              <input
                type="checkbox"
                aria-label="Select all attached licenses"
                checked={attached.length > 0 && chosen.length === attached.length}
                onChange={(e) => selection.setChosen(e.target.checked ? attached.map((a) => a.id) : [])}
              />
            </th>
          )}
          <AttachmentHeads />
          <th scope="col">Attached</th>
          {selection && <th scope="col">Detach</th>}
        </>
      }
    >
      {attached.map((a) => (
        <tr key={a.id} className={chosen.includes(a.id) ? 'row-selected' : undefined}>
          {selection && (
            <td className="check-cell">
              <input
                type="checkbox"
                aria-label={`Select ${a.quantity} × ${a.part_number} (PO ${a.po_number}) for activation`}
                checked={chosen.includes(a.id)}
                onChange={(e) => toggle(a.id, e.target.checked)}
              />
            </td>
          )}
          <AttachmentCells a={a} describe={describe} />
          <td>{formatDateTime(a.attached_at)}</td>
          {selection && (
            <td>
              <DetachControls a={a} busy={selection.busy} onDetach={(q) => selection.onDetach(a, q)} />
            </td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}
