// One line of a purchase order in the license bin: shipped, available, attached, activated, and
// the Sel input with its error (the server's refusal first: it says why).
import type { PoLine, PurchaseOrder } from '../../api/client';
import { parseSel } from './binSelection';

export function PoLineRow({
  po,
  line: l,
  sel,
  setSel,
  refusal,
  readOnly,
  idPrefix,
}: {
  po: PurchaseOrder;
  line: PoLine;
  /** The Sel text of this line. */
  sel: string | undefined;
  setSel: (text: string) => void;
  /** The API's refusal of the last attach, at this line. */
  refusal: string | undefined;
  readOnly: boolean;
  /** Unique on the page, for the error's id. */
  idPrefix: string;
}) {
  const parsed = parseSel(sel, l);
  const error = refusal ?? parsed.error;
  const errorId = `${idPrefix}-${l.id}-error`;
  const rowClass = error ? 'row-error' : parsed.quantity > 0 ? 'row-selected' : undefined;
  return (
    <>
      <tr className={rowClass}>
        <th scope="row">
          <code>{l.part_number}</code>
        </th>
        <td>{l.description}</td>
        <td className="num">{l.shipped}</td>
        <td className="num" data-testid="available">
          {l.available}
        </td>
        <td className="num">{l.attached}</td>
        <td className="num">
          {l.activated}
          {l.reshipped > 0 && <span className="muted"> ({l.reshipped} reshipped)</span>}
          {l.migrated > 0 && <span className="muted"> ({l.migrated} migrated to CP20)</span>}
        </td>
        {!readOnly && (
          <td className="sel-cell">
            {l.available > 0 ? (
              <input
                type="number"
                className="sel-input"
                inputMode="numeric"
                min={0}
                max={l.available}
                step={1}
                placeholder="0"
                aria-label={`Sel ${l.part_number} (PO ${po.po_number})`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                value={sel ?? ''}
                onChange={(e) => setSel(e.target.value)}
              />
            ) : (
              <span className="muted" title="Nothing left on this line">
                —
              </span>
            )}
          </td>
        )}
      </tr>
      {error && (
        <tr className="row-error line-error-row">
          <td colSpan={readOnly ? 6 : 7}>
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
