// The license bin's modal: the selection, the location picked by typing, and Attach.
import { useEffect, useId, useRef } from 'react';
import type { Location } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/feedback';
import { plural } from '../../lib/format';
import { LocationSearch } from '../locations/LocationSearch';
import { PickedLocation } from '../locations/PickedLocation';
import type { Selected } from './binSelection';

export function AttachDialog({
  selected,
  target,
  setTarget,
  error,
  busy,
  onAttach,
  onClose,
}: {
  selected: Selected[];
  target: Location | null;
  setTarget: (l: Location | null) => void;
  error: unknown;
  busy: boolean;
  onAttach: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const total = selected.reduce((n, s) => n + s.quantity, 0);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={headingId} onClose={onClose}>
      <div className="dialog-head">
        <h2 id={headingId}>Attach to a location</h2>
        <button type="button" className="button button-quiet-dark" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <DataTable
        className="compact"
        caption="Licenses to attach"
        head={<ColumnHeads names={['Part number', 'PO', 'Quantity']} numeric={['Quantity']} />}
      >
        {selected.map((s) => (
          <tr key={s.line.id}>
            <th scope="row">
              <code>{s.line.part_number}</code> <span className="muted part-description">{s.line.description}</span>
            </th>
            <td>{s.po.po_number}</td>
            <td className="num">{s.quantity}</td>
          </tr>
        ))}
      </DataTable>
      {target ? (
        <PickedLocation location={target} testId="attach-target">
          <button type="button" className="button button-small" onClick={() => setTarget(null)} disabled={busy}>
            Choose another location
          </button>
        </PickedLocation>
      ) : (
        <LocationSearch
          className="easynav attach-search"
          label="Location"
          hint="Type part of the location’s name or hardware key code, then pick it."
          onPick={setTarget}
          autoFocus
        />
      )}
      <ErrorNotice error={error} title="Nothing was attached" />
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={!target || busy} onClick={onAttach}>
          {busy ? 'Attaching…' : `Attach ${plural(total, 'license')}`}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
