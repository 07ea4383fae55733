// A purchase order in the license bin: its numbers and dates, and its lines with a Sel input
// each (unless the reader only looks).
import { useId } from 'react';
import type { PurchaseOrder } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { Notice } from '../../components/feedback';
import { formatDateTime } from '../../lib/format';
import { PoLineRow } from './PoLineRow';

/** A line's counts, each a right-aligned column. */
const QUANTITIES = ['Shipped', 'Available', 'Attached', 'Activated'];

export function PoCard({
  po,
  sel,
  setSel,
  lineErrors,
  poError,
  readOnly,
}: {
  po: PurchaseOrder;
  sel: Record<string, string>;
  setSel: (lineId: string, text: string) => void;
  lineErrors: Record<string, string>;
  poError?: string;
  readOnly: boolean;
}) {
  const headingId = useId();
  const left = po.lines.reduce((n, l) => n + l.available, 0);
  return (
    <section className="card po-card" aria-labelledby={headingId} data-po={po.po_number}>
      <div className="card-head">
        <h2 id={headingId}>
          {/^PO/i.test(po.po_number) ? po.po_number : `PO ${po.po_number}`}
          {po.origin !== 'shipment' && (
            <span className="badge">{po.origin === 'reship' ? 'reshipped' : po.origin}</span>
          )}
          {left === 0 && <span className="badge">used</span>}
        </h2>
        {!readOnly && left > 0 && (
          <div className="card-actions">
            <button
              type="button"
              className="button button-small"
              onClick={() => po.lines.forEach((l) => l.available > 0 && setSel(l.id, String(l.available)))}
            >
              Select all that is left
            </button>
          </div>
        )}
      </div>
      <dl className="details po-meta">
        <div>
          <dt>SO number</dt>
          <dd>{po.so_number}</dd>
        </div>
        <div>
          <dt>Shipped</dt>
          <dd>{formatDateTime(po.shipped_at)}</dd>
        </div>
        <div>
          <dt>SWA requested</dt>
          <dd>{po.swa_months ? `${po.swa_months} months` : <span className="muted">—</span>}</dd>
        </div>
        <div>
          <dt>Extra information</dt>
          <dd>{po.extra_info || <span className="muted">—</span>}</dd>
        </div>
      </dl>
      {poError && (
        <Notice kind="error" title={`PO ${po.po_number} must be attached whole`}>
          {poError}
        </Notice>
      )}
      <DataTable
        className="middle bin-table"
        caption={`Lines of PO ${po.po_number}`}
        head={
          <>
            <ColumnHeads names={['Part number', 'Description', ...QUANTITIES]} numeric={QUANTITIES} />
            {!readOnly && <th scope="col">Sel</th>}
          </>
        }
      >
        {po.lines.map((l) => (
          <PoLineRow
            key={l.id}
            po={po}
            line={l}
            sel={sel[l.id]}
            setSel={(text) => setSel(l.id, text)}
            refusal={lineErrors[l.id]}
            readOnly={readOnly}
            idPrefix={headingId}
          />
        ))}
      </DataTable>
    </section>
  );
}
