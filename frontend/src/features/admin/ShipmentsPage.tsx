// Vendor order processing by hand: ship a purchase order into a partner's license bin
// (`POST /admin/shipments`). The integration does the same through the API.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { SelectField, SubmitButton, TextAreaField, TextField } from '../../components/fields';
import { ErrorNotice, Notice, linePointer, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { useParts } from '../licenses/queries';
import { useAllPartners, useShip } from './queries';
import { ShipmentLines, newLine, type Line } from './ShipmentLines';

export function ShipmentsPage() {
  const partners = useAllPartners();
  const allParts = useParts();
  const ship = useShip();
  const [partnerId, setPartnerId] = useState('');
  const [po, setPo] = useState('');
  const [so, setSo] = useState('');
  const [swa, setSwa] = useState('');
  const [extra, setExtra] = useState('');
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  // The portal's own refusal, before anything is sent.
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  // The keys of the lines in the order the last request sent them.
  const [sentKeys, setSentKeys] = useState<number[]>([]);
  const error = invalid ?? ship.error;
  const shipped = ship.data;
  const shippedTo = partners.data?.find((p) => p.id === ship.variables?.partner_id)?.name ?? 'the partner';

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

  function submit(e: FormEvent) {
    e.preventDefault();
    ship.reset();
    if (!partnerId) {
      // A partner id is a UUID: without one the API could only say the body is malformed.
      setInvalid(
        new ApiError(422, 'REQUIRED', 'choose the partner whose bin receives the PO', { field: '/partner_id' }),
      );
      return;
    }
    setInvalid(null);
    setSentKeys(lines.map((l) => l.key));
    const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text) : -1);
    ship.mutate(
      {
        partner_id: partnerId,
        po_number: po,
        so_number: so,
        swa_months: swa.trim() === '' ? null : whole(swa),
        extra_info: extra.trim() || null,
        lines: lines.map((l) => ({ part_number: l.part, quantity: Math.max(whole(l.quantity), 0) })),
      },
      {
        onSuccess: () => {
          setPo('');
          setSo('');
          setSwa('');
          setExtra('');
          setLines([newLine()]);
        },
      },
    );
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
            <Notice kind="success" title={`PO ${shipped.po_number} shipped to ${shippedTo}.`}>
              {shipped.lines.map((l) => `${l.shipped} × ${l.part_number}`).join(', ')} — now in the partner’s license
              bin.
            </Notice>
          )}
          <div className="grid-2">
            <SelectField label="Partner" required {...errors.bind('partner_id', partnerId, setPartnerId)}>
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
              {...errors.bind('swa_months', swa, setSwa)}
            />
            <TextField
              label="PO number"
              required
              maxLength={40}
              autoComplete="off"
              {...errors.bind('po_number', po, setPo)}
            />
            <TextField
              label="SO number"
              required
              maxLength={40}
              autoComplete="off"
              {...errors.bind('so_number', so, setSo)}
            />
          </div>
          <TextAreaField
            label="Extra information"
            rows={2}
            maxLength={1000}
            hint="Optional: shown with the PO in the partner’s license bin."
            {...errors.bind('extra_info', extra, setExtra)}
          />
          <ShipmentLines lines={lines} setLines={setLines} lineError={lineError} linesError={linesError} />
          <div className="form-actions">
            <SubmitButton pending={ship.isPending} busyLabel="Shipping…">
              Ship to partner’s bin
            </SubmitButton>
          </div>
        </form>
      </Section>
    </>
  );
}
