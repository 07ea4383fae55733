// "Reship to dealer…" from the license bin (SPEC §6): the form, then the confirmation of the PO
// that arrived in the dealer's bin.
import { useEffect, useId, useRef } from 'react';
import type { Selected } from '../licenses/binSelection';
import { useCreateReship } from './queries';
import { ReshipDone } from './ReshipDone';
import { ReshipForm } from './ReshipForm';

export function ReshipDialog({
  selected,
  onReshipped,
  onClose,
}: {
  selected: Selected[];
  /** After the licenses left the bin (the selection is spent). */
  onReshipped: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const reship = useCreateReship();

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={headingId} onClose={onClose}>
      <div className="dialog-head">
        <h2 id={headingId}>Reship to a dealer</h2>
        <button type="button" className="button button-quiet-dark" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {reship.data ? (
        <ReshipDone reship={reship.data} onClose={onClose} />
      ) : (
        <ReshipForm selected={selected} reship={reship} onReshipped={onReshipped} onCancel={onClose} />
      )}
    </dialog>
  );
}
