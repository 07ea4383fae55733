// The license bin's bar at the bottom: what is selected, Clear, Attach to location… and, for a
// distributor, Reship to dealer….
import type { Selected } from './binSelection';
import { plural } from '../../lib/format';

export function SelectionBar({
  selected,
  invalid,
  onClear,
  onAttach,
  onReship,
}: {
  selected: Selected[];
  /** Some Sel value is wrong. */
  invalid: boolean;
  onClear: () => void;
  onAttach: () => void;
  /** Given for a distributor: reship the selection to a dealer. */
  onReship?: () => void;
}) {
  const total = selected.reduce((n, s) => n + s.quantity, 0);
  const poCount = new Set(selected.map((s) => s.po.id)).size;
  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <p aria-live="polite" data-testid="selection-summary">
        {total === 0
          ? 'Nothing selected yet: enter a Sel quantity for the parts you want.'
          : `Selected: ${plural(total, 'license')} of ${plural(selected.length, 'part')}${poCount > 1 ? ` from ${poCount} purchase orders` : ''}.`}
        {invalid && <span className="field-error"> Correct the marked Sel values first.</span>}
      </p>
      <div className="selection-actions">
        <button type="button" className="button" onClick={onClear} disabled={total === 0 && !invalid}>
          Clear selection
        </button>
        <button type="button" className="button button-primary" disabled={total === 0 || invalid} onClick={onAttach}>
          Attach to location…
        </button>
        {onReship && (
          <button type="button" className="button" disabled={total === 0 || invalid} onClick={onReship}>
            Reship to dealer…
          </button>
        )}
      </div>
    </div>
  );
}
