// One attached row's detach controls: all of it, or a number of it.
import { useState } from 'react';
import type { Attachment } from '../../api/client';

export function DetachControls({
  a,
  busy,
  onDetach,
}: {
  a: Attachment;
  busy: boolean;
  /** `quantity` undefined: all of it. */
  onDetach: (quantity?: number) => void;
}) {
  const [some, setSome] = useState<string | null>(null);
  if (some !== null) {
    const n = Number(some);
    const valid = /^\d+$/.test(some.trim()) && n >= 1 && n <= a.quantity;
    return (
      <form
        className="detach-some"
        aria-label={`Detach some ${a.part_number}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          setSome(null);
          onDetach(n === a.quantity ? undefined : n);
        }}
        noValidate
      >
        <input
          type="number"
          className="sel-input"
          min={1}
          max={a.quantity}
          step={1}
          aria-label={`Quantity of ${a.part_number} to detach`}
          value={some}
          onChange={(e) => setSome(e.target.value)}
          autoFocus
        />
        <button type="submit" className="button button-small" disabled={!valid || busy}>
          Detach
        </button>
        <button type="button" className="button button-small button-link" onClick={() => setSome(null)}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        onClick={() => onDetach()}
        aria-label={`Detach all ${a.quantity} × ${a.part_number}`}
      >
        Detach all
      </button>
      {a.quantity > 1 && (
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => setSome('1')}
          aria-label={`Detach some of ${a.part_number}`}
        >
          Detach some…
        </button>
      )}
    </div>
  );
}
