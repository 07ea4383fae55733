// The reship dialog's lines: each selected bin line with what is left on it and the quantity to
// reship (0 leaves the line out), with the portal's or the server's word on it.
import { Fragment, useId } from 'react';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { parseQuantity, type DraftLine } from './reshipLines';

export function ReshipLinesTable({
  lines,
  texts,
  setText,
  refusal,
  disabled,
}: {
  lines: DraftLine[];
  /** The quantity text per PO line id. */
  texts: Record<string, string>;
  setText: (lineId: string, text: string) => void;
  /** The server's refusal of the last attempt, at one line. */
  refusal: { lineId: string; message: string } | null;
  disabled: boolean;
}) {
  const idPrefix = useId();
  return (
    <DataTable
      className="compact middle"
      caption="Licenses to reship"
      head={<ColumnHeads names={['Part number', 'PO', 'Available', 'Quantity']} numeric={['Available']} />}
    >
      {lines.map(({ selected: { po, line }, available }) => {
        const parsed = parseQuantity(texts[line.id], available);
        const error = (refusal?.lineId === line.id ? refusal.message : undefined) ?? parsed.error;
        const errorId = `${idPrefix}-${line.id}-error`;
        return (
          <Fragment key={line.id}>
            <tr className={error ? 'row-error' : undefined} data-part={line.part_number}>
              <th scope="row">
                <code>{line.part_number}</code> <span className="muted part-description">{line.description}</span>
              </th>
              <td>{po.po_number}</td>
              <td className="num">{available}</td>
              <td className="sel-cell">
                <input
                  type="number"
                  className="sel-input"
                  inputMode="numeric"
                  min={0}
                  max={available}
                  step={1}
                  aria-label={`Quantity ${line.part_number} (PO ${po.po_number})`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? errorId : undefined}
                  value={texts[line.id] ?? ''}
                  onChange={(e) => setText(line.id, e.target.value)}
                  disabled={disabled}
                />
              </td>
            </tr>
            {error && (
              <tr className="row-error line-error-row">
                <td colSpan={4}>
                  <p id={errorId} className="field-error" role="alert">
                    {error}
                  </p>
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </DataTable>
  );
}
