// The license bin (SPEC §2 step 3): the partner's purchase orders and what is left on each
// line. The user enters a "Sel" quantity per line, picks a location by typing, and attaches.
import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, call, type Location, type PoLine, type PurchaseOrder } from '../../api/client';
import { useMe } from '../../auth/session';
import { ErrorNotice, Loading, Notice, linePointer, type FlashState } from '../../components/feedback';
import { PageHeader } from '../../components/page';
import { formatDateTime, sentence } from '../../lib/format';
import { LocationSearch, useCustomerNames } from '../locations/LocationSearch';
import { useSystemTypeName } from '../locations/systemTypes';
import { useLicensesChanged } from './queries';

const PAGE_SIZE = 25;

/** A line the user selected, with the PO it belongs to. */
interface Selected {
  po: PurchaseOrder;
  line: PoLine;
  quantity: number;
}

/** The Sel text of a line as a quantity, or an error when it is not 0…available. */
function parseSel(text: string | undefined, line: PoLine): { quantity: number; error?: string } {
  const raw = (text ?? '').trim();
  if (raw === '') return { quantity: 0 };
  if (!/^\d+$/.test(raw) || Number(raw) > line.available)
    return { quantity: 0, error: `Enter a whole number from 0 to ${line.available}.` };
  return { quantity: Number(raw) };
}

/**
 * Where a refused attach belongs: at lines, at whole POs, or (null) above everything. `sent`
 * is the selection in the order the request sent its `lines`: the error's field points at one
 * of them ("/lines/2/quantity"), and its `details` name the PO line (`po_line_id`).
 */
function attribute(
  error: unknown,
  sent: Selected[],
): { lines: Record<string, string>; pos: Record<string, string> } | null {
  if (!(error instanceof ApiError)) return null;
  const lines: Record<string, string> = {};
  const pos: Record<string, string> = {};
  let message = sentence(error.message);
  if (error.code === 'NOT_ENOUGH_QUANTITY') {
    const available = error.details?.available;
    const left = typeof available === 'number' ? available : 'fewer';
    message = `Only ${left} left on this line: someone may just have attached some. Lower Sel.`;
  }
  const at = linePointer(error.field);
  const poLineId = error.details?.po_line_id;
  const line =
    (at ? sent[at.index] : undefined) ??
    (typeof poLineId === 'string' ? sent.find((s) => s.line.id === poLineId) : undefined);
  if (line) lines[line.line.id] = message;
  else if (error.code === 'ATTACH_NOT_ALLOWED') {
    // External products take whole POs: mark the POs whose selection is not all that is left.
    for (const s of sent) {
      const whole = s.po.lines.every(
        (l) => l.available === 0 || sent.some((t) => t.line.id === l.id && t.quantity === l.available),
      );
      if (!whole) pos[s.po.id] = message;
    }
  }
  return Object.keys(lines).length + Object.keys(pos).length > 0 ? { lines, pos } : null;
}

function PoCard({
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
      <div className="table-wrap">
        <table className="data-table middle bin-table">
          <caption className="visually-hidden">Lines of PO {po.po_number}</caption>
          <thead>
            <tr>
              <th scope="col">Part number</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Shipped
              </th>
              <th scope="col" className="num">
                Available
              </th>
              <th scope="col" className="num">
                Attached
              </th>
              <th scope="col" className="num">
                Activated
              </th>
              {!readOnly && <th scope="col">Sel</th>}
            </tr>
          </thead>
          <tbody>
            {po.lines.map((l) => {
              const parsed = parseSel(sel[l.id], l);
              // The server's refusal first: it says why (e.g. someone just attached some).
              const error = lineErrors[l.id] ?? parsed.error;
              const errorId = `${headingId}-${l.id}-error`;
              const rowClass = error ? 'row-error' : parsed.quantity > 0 ? 'row-selected' : undefined;
              return (
                <Fragment key={l.id}>
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
                            value={sel[l.id] ?? ''}
                            onChange={(e) => setSel(l.id, e.target.value)}
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
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The modal that picks the location and attaches the selection to it. */
function AttachDialog({
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
  const typeName = useSystemTypeName();
  const customers = useCustomerNames(target ? [target] : []);
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
      <div className="table-wrap">
        <table className="data-table compact">
          <caption className="visually-hidden">Licenses to attach</caption>
          <thead>
            <tr>
              <th scope="col">Part number</th>
              <th scope="col">PO</th>
              <th scope="col" className="num">
                Quantity
              </th>
            </tr>
          </thead>
          <tbody>
            {selected.map((s) => (
              <tr key={s.line.id}>
                <th scope="row">
                  <code>{s.line.part_number}</code> <span className="muted part-description">{s.line.description}</span>
                </th>
                <td>{s.po.po_number}</td>
                <td className="num">{s.quantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {target ? (
        <div className="picked" data-testid="attach-target">
          <div>
            <div className="picked-name">{target.name}</div>
            <div className="muted">
              {customers.get(target.customer_id) ? `${customers.get(target.customer_id)} · ` : ''}
              {typeName(target.system_type)} · <code className="hwkc">{target.hwkc}</code>
            </div>
          </div>
          <button type="button" className="button button-small" onClick={() => setTarget(null)} disabled={busy}>
            Choose another location
          </button>
        </div>
      ) : (
        <LocationSearch
          className="easynav attach-search"
          label="Location"
          hint="Type part of the location’s name or hardware key code, then pick it."
          onPick={setTarget}
          autoFocus
        />
      )}
      {error != null && <ErrorNotice error={error} title="Nothing was attached" />}
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={!target || busy} onClick={onAttach}>
          {busy ? 'Attaching…' : `Attach ${total} ${total === 1 ? 'license' : 'licenses'}`}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}

export function LicenseBinPage() {
  const me = useMe();
  const navigate = useNavigate();
  const changed = useLicensesChanged();
  const [params, setParams] = useSearchParams();
  const includeUsed = params.get('used') === '1';
  const [sel, setSelState] = useState<Record<string, string>>({});
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const [poErrors, setPoErrors] = useState<Record<string, string>>({});
  const [refused, setRefused] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [target, setTarget] = useState<Location | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const readOnly = me.partner == null;

  const bin = useInfiniteQuery({
    queryKey: ['license-bin', { includeUsed }],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/license-bin', {
          params: { query: { include_used: includeUsed || undefined, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const pos = bin.data?.pages.flatMap((p) => p.items) ?? [];

  const selected: Selected[] = [];
  let invalid = false;
  for (const po of pos)
    for (const line of po.lines) {
      const parsed = parseSel(sel[line.id], line);
      if (parsed.error) invalid = true;
      else if (parsed.quantity > 0) selected.push({ po, line, quantity: parsed.quantity });
    }
  const total = selected.reduce((n, s) => n + s.quantity, 0);
  const poCount = new Set(selected.map((s) => s.po.id)).size;

  function setSel(lineId: string, text: string) {
    setSelState((s) => ({ ...s, [lineId]: text }));
    setLineErrors((errors) => {
      const rest = { ...errors };
      delete rest[lineId];
      return rest;
    });
    setPoErrors({});
    setRefused(null);
  }

  function clearSelection() {
    setSelState({});
    setLineErrors({});
    setPoErrors({});
    setRefused(null);
  }

  async function attach() {
    if (!target) return;
    setBusy(true);
    setDialogError(null);
    // The request's `lines`, in this order: an error's field points at one by its index.
    const sent = selected;
    try {
      const created = await call(
        api.POST('/api/v1/locations/{id}/attachments', {
          params: { path: { id: target.id } },
          body: { lines: sent.map((s) => ({ po_line_id: s.line.id, quantity: s.quantity })) },
        }),
      );
      await changed(target.id);
      const count = created.reduce((n, a) => n + a.quantity, 0);
      const flash: FlashState = {
        flash: `${count} ${count === 1 ? 'license' : 'licenses'} attached to ${target.name}. They are reserved for this location: activate them, or detach them back to the bin.`,
      };
      navigate(`/locations/${target.id}`, { state: flash });
    } catch (err) {
      const at = attribute(err, sent);
      if (at) {
        setLineErrors(at.lines);
        setPoErrors(at.pos);
        setRefused(
          `Nothing was attached to ${target.name}. Change the marked ${Object.keys(at.lines).length > 0 ? 'lines' : 'purchase orders'} and attach again.`,
        );
        setDialogOpen(false);
        if (err instanceof ApiError && err.code === 'NOT_ENOUGH_QUANTITY') void changed();
        // Show the first marked line or PO once it is rendered.
        requestAnimationFrame(() =>
          document.querySelector('.line-error-row, .po-card .notice-error')?.scrollIntoView({ block: 'center' }),
        );
      } else {
        setDialogError(err);
      }
    } finally {
      setBusy(false);
    }
  }

  const partnerName = me.partner?.name;
  return (
    <>
      <PageHeader title="License bin">
        <p className="lead">
          {readOnly
            ? 'Purchase orders shipped to partners.'
            : `Licenses shipped to ${partnerName}, per purchase order. Enter how many of each part you want (Sel), then attach them to a location.`}
        </p>
      </PageHeader>
      {readOnly && (
        <Notice kind="info">
          Only partner users attach licenses. To put licenses into a partner’s bin, use{' '}
          <Link to="/admin/shipments">Admin → Shipments</Link>.
        </Notice>
      )}
      <div className="toolbar bin-toolbar">
        <label className="check">
          <input
            type="checkbox"
            checked={includeUsed}
            onChange={(e) => setParams(e.target.checked ? { used: '1' } : {}, { replace: true })}
          />
          <span>Also show purchase orders with nothing left</span>
        </label>
      </div>
      {refused && <Notice kind="error">{refused}</Notice>}
      {bin.isPending && <Loading what="the license bin" />}
      {bin.isError && <ErrorNotice error={bin.error} title="The license bin could not be loaded" />}
      {bin.isSuccess && pos.length === 0 && (
        <div className="card">
          <p className="empty">
            {includeUsed
              ? 'No purchase orders yet. They appear here when the vendor ships licenses to you.'
              : 'Nothing left to attach. New purchase orders appear here when the vendor ships licenses to you.'}
          </p>
        </div>
      )}
      {pos.map((po) => (
        <PoCard
          key={po.id}
          po={po}
          sel={sel}
          setSel={setSel}
          lineErrors={lineErrors}
          poError={poErrors[po.id]}
          readOnly={readOnly}
        />
      ))}
      {bin.hasNextPage && (
        <button type="button" className="button" onClick={() => bin.fetchNextPage()} disabled={bin.isFetchingNextPage}>
          {bin.isFetchingNextPage ? 'Loading…' : 'Show more purchase orders'}
        </button>
      )}
      {!readOnly && pos.length > 0 && (
        <div className="selection-bar" role="region" aria-label="Selection">
          <p aria-live="polite" data-testid="selection-summary">
            {total === 0
              ? 'Nothing selected yet: enter a Sel quantity for the parts you want.'
              : `Selected: ${total} ${total === 1 ? 'license' : 'licenses'} of ${selected.length} ${selected.length === 1 ? 'part' : 'parts'}${poCount > 1 ? ` from ${poCount} purchase orders` : ''}.`}
            {invalid && <span className="field-error"> Correct the marked Sel values first.</span>}
          </p>
          <div className="selection-actions">
            <button type="button" className="button" onClick={clearSelection} disabled={total === 0 && !invalid}>
              Clear selection
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={total === 0 || invalid}
              onClick={() => {
                setDialogError(null);
                setDialogOpen(true);
              }}
            >
              Attach to location…
            </button>
          </div>
        </div>
      )}
      {dialogOpen && (
        <AttachDialog
          selected={selected}
          target={target}
          setTarget={(l) => {
            setTarget(l);
            setDialogError(null);
          }}
          error={dialogError}
          busy={busy}
          onAttach={attach}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </>
  );
}
