// Vendor order processing by hand: ship a purchase order into a partner's license bin
// (`POST /admin/shipments`). The integration does the same through the API.
import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, api, call, type Part, type PurchaseOrder, type SystemTypeCode } from '../../api/client';
import { SelectField, TextAreaField, TextField } from '../../components/fields';
import { ErrorNotice, Notice, linePointer, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { useParts } from '../licenses/queries';
import { useSystemTypeName, useSystemTypes } from '../locations/systemTypes';
import { useAllPartners } from './queries';

interface Line {
  key: number;
  part: string;
  quantity: string;
}

let nextKey = 1;
const newLine = (): Line => ({ key: nextKey++, part: '', quantity: '1' });

function LineRow({
  line,
  index,
  parts,
  partError,
  quantityError,
  canRemove,
  onChange,
  onRemove,
}: {
  line: Line;
  index: number;
  parts: Part[];
  partError?: string;
  quantityError?: string;
  canRemove: boolean;
  onChange: (l: Line) => void;
  onRemove: () => void;
}) {
  // The chosen part stays selectable even when the filter would hide it.
  const options = line.part && !parts.some((p) => p.part_number === line.part) ? [line.part] : [];
  return (
    <li className="shipment-line">
      <SelectField
        label={`Part, line ${index + 1}`}
        required
        className="line-part"
        value={line.part}
        onChange={(e) => onChange({ ...line, part: e.target.value })}
        error={partError}
      >
        <option value="">Choose a part…</option>
        {options.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
        {parts.map((p) => (
          <option key={p.part_number} value={p.part_number}>
            {p.part_number} — {p.description}
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Quantity, line ${index + 1}`}
        type="number"
        required
        min={1}
        max={1_000_000}
        step={1}
        inputMode="numeric"
        className="line-quantity"
        value={line.quantity}
        onChange={(e) => onChange({ ...line, quantity: e.target.value })}
        error={quantityError}
      />
      <button
        type="button"
        className="button button-small line-remove"
        onClick={onRemove}
        disabled={!canRemove}
        aria-label={`Remove line ${index + 1}`}
      >
        Remove
      </button>
    </li>
  );
}

export function ShipmentsPage() {
  const queryClient = useQueryClient();
  const partners = useAllPartners();
  const types = useSystemTypes();
  const typeName = useSystemTypeName();
  const allParts = useParts();
  const linesId = useId();
  const [partnerId, setPartnerId] = useState('');
  const [po, setPo] = useState('');
  const [so, setSo] = useState('');
  const [swa, setSwa] = useState('');
  const [extra, setExtra] = useState('');
  const [filter, setFilter] = useState<SystemTypeCode | ''>('');
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const [error, setError] = useState<unknown>(null);
  // The keys of the lines in the order the last request sent them.
  const [sentKeys, setSentKeys] = useState<number[]>([]);
  const [shipped, setShipped] = useState<{ po: PurchaseOrder; partner: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const parts = (allParts.data ?? []).filter((p) => !filter || p.system_types.includes(filter));
  // A line's error points into the `lines` the request sent ("/lines/1/quantity"): it belongs
  // to the line sent at that index, wherever that line is now (and above the form once removed).
  const at = error instanceof ApiError ? linePointer(error.field) : null;
  const atLine = at ? lines.find((l) => l.key === sentKeys[at.index]) : undefined;
  const lineFields = at && atLine ? [`/lines/${at.index}/part_number`, `/lines/${at.index}/quantity`] : [];
  const errors = splitError(error, [
    'partner_id',
    'po_number',
    'so_number',
    'swa_months',
    'extra_info',
    'lines',
    ...lineFields,
  ]);
  const lineError = (line: Line, member: 'part_number' | 'quantity') =>
    at && line === atLine ? errors.field(`/lines/${at.index}/${member}`) : undefined;
  const linesError = errors.field('lines');

  function change(next: Line) {
    setLines((ls) => ls.map((l) => (l.key === next.key ? next : l)));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setShipped(null);
    if (!partnerId) {
      // A partner id is a UUID: without one the API could only say the body is malformed.
      setError(new ApiError(422, 'REQUIRED', 'choose the partner whose bin receives the PO', { field: '/partner_id' }));
      return;
    }
    setBusy(true);
    setError(null);
    setSentKeys(lines.map((l) => l.key));
    const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : -1);
    try {
      const created = await call(
        api.POST('/api/v1/admin/shipments', {
          body: {
            partner_id: partnerId,
            po_number: po,
            so_number: so,
            swa_months: swa.trim() === '' ? null : whole(swa),
            extra_info: extra.trim() || null,
            lines: lines.map((l) => ({ part_number: l.part, quantity: Math.max(whole(l.quantity), 0) })),
          },
        }),
      );
      setShipped({ po: created, partner: partners.data?.find((p) => p.id === partnerId)?.name ?? 'the partner' });
      void queryClient.invalidateQueries({ queryKey: ['license-bin'] });
      setPo('');
      setSo('');
      setSwa('');
      setExtra('');
      setLines([newLine()]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeader title="Shipments">
        <p className="lead">
          Ship a purchase order into a partner’s license bin, as vendor order processing does. The partner’s users can
          attach the licenses at once.
        </p>
      </PageHeader>
      <Section title="New shipment">
        {partners.isError && <ErrorNotice error={partners.error} title="The partners could not be loaded" />}
        {allParts.isError && <ErrorNotice error={allParts.error} title="The part catalog could not be loaded" />}
        <form onSubmit={submit} className="form" aria-label="New shipment" noValidate>
          {errors.general && <Notice kind="error">{errors.general}</Notice>}
          {shipped && (
            <Notice kind="success" title={`PO ${shipped.po.po_number} shipped to ${shipped.partner}.`}>
              {shipped.po.lines.map((l) => `${l.shipped} × ${l.part_number}`).join(', ')} — now in the partner’s license
              bin.
            </Notice>
          )}
          <div className="grid-2">
            <SelectField
              label="Partner"
              required
              value={partnerId}
              onChange={(e) => setPartnerId(e.target.value)}
              error={errors.field('partner_id')}
            >
              <option value="">Choose a partner…</option>
              {partners.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
            <TextField
              label="SWA months"
              type="number"
              min={1}
              max={120}
              step={1}
              inputMode="numeric"
              hint="Optional: the Software Assurance duration requested on the order (1–120)."
              value={swa}
              onChange={(e) => setSwa(e.target.value)}
              error={errors.field('swa_months')}
            />
            <TextField
              label="PO number"
              required
              maxLength={40}
              autoComplete="off"
              value={po}
              onChange={(e) => setPo(e.target.value)}
              error={errors.field('po_number')}
            />
            <TextField
              label="SO number"
              required
              maxLength={40}
              autoComplete="off"
              value={so}
              onChange={(e) => setSo(e.target.value)}
              error={errors.field('so_number')}
            />
          </div>
          <TextAreaField
            label="Extra information"
            rows={2}
            maxLength={1000}
            hint="Optional: shown with the PO in the partner’s license bin."
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            error={errors.field('extra_info')}
          />
          <fieldset
            className={`type-inputs${linesError ? ' has-error' : ''}`}
            aria-describedby={linesError ? `${linesId}-error` : undefined}
          >
            <legend>Lines</legend>
            <SelectField
              label="Show parts for system type"
              className="field-medium"
              value={filter}
              onChange={(e) => setFilter(e.target.value as SystemTypeCode | '')}
              hint={`${parts.length} of ${allParts.data?.length ?? 0} parts.`}
            >
              <option value="">All system types</option>
              {types.data?.map((t) => (
                <option key={t.code} value={t.code}>
                  {typeName(t.code)}
                </option>
              ))}
            </SelectField>
            <ol className="shipment-lines">
              {lines.map((l, i) => (
                <LineRow
                  key={l.key}
                  line={l}
                  index={i}
                  parts={parts}
                  partError={lineError(l, 'part_number')}
                  quantityError={lineError(l, 'quantity')}
                  canRemove={lines.length > 1}
                  onChange={change}
                  onRemove={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
                />
              ))}
            </ol>
            {linesError && (
              <p id={`${linesId}-error`} className="field-error" role="alert">
                {linesError}
              </p>
            )}
            <button type="button" className="button button-small" onClick={() => setLines((ls) => [...ls, newLine()])}>
              Add line
            </button>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Shipping…' : 'Ship to partner’s bin'}
            </button>
          </div>
        </form>
      </Section>
    </>
  );
}
