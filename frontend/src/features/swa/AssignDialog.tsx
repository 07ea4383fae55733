// Quote and assign SWA to one location (SPEC §10): the term in months, "Quote" (units,
// reinstatement units, total and dates, or why no quote can be given), then the reference, the
// explicit approval to take the units from the SWA bin, and whether to skip the cooling-off.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, type SwaAssignment, type SwaQuote } from '../../api/client';
import { splitError } from '../../components/feedback';
import { SubmitButton, TextField } from '../../components/fields';
import { formatDate, plural, sentence } from '../../lib/format';
import { useAssignSwa, useSwaQuote } from './queries';

/** A quote's figures and dates, or why there is none. */
export function QuoteSummary({ quote }: { quote: SwaQuote }) {
  if (quote.reason)
    return (
      <div className="notice notice-error" role="alert" data-code={quote.reason.code} data-testid="swa-quote-reason">
        <strong className="notice-title">
          No quote for {plural(quote.months, 'month')} <code>{quote.reason.code}</code>
        </strong>
        <p>{sentence(quote.reason.message)}.</p>
      </div>
    );
  return (
    <dl className="details swa-quote" data-testid="swa-quote">
      <div>
        <dt>Term</dt>
        <dd>{plural(quote.months, 'month')}</dd>
      </div>
      <div>
        <dt>SWA units</dt>
        <dd data-testid="quote-units">{quote.units}</dd>
      </div>
      <div>
        <dt>Reinstatement units</dt>
        <dd data-testid="quote-reinstatement">
          {quote.reinstatement_units}
          {quote.months_without_swa > 0 && (
            <span className="muted"> for {plural(quote.months_without_swa, 'month')} without SWA</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Total units</dt>
        <dd>
          <strong data-testid="quote-total">{quote.total_units}</strong>
        </dd>
      </div>
      {quote.starts_on && quote.expires_on && (
        <div>
          <dt>Covers</dt>
          <dd>
            <time dateTime={quote.starts_on}>{formatDate(quote.starts_on)}</time> to{' '}
            <time dateTime={quote.expires_on} data-testid="quote-expires">
              {formatDate(quote.expires_on)}
            </time>
          </dd>
        </div>
      )}
    </dl>
  );
}

/** The 409 of an assignment the bin cannot pay for: needed, available and missing units. */
function Shortfall({ error }: { error: ApiError }) {
  const n = (k: string) => (typeof error.details?.[k] === 'number' ? (error.details[k] as number) : undefined);
  return (
    <div className="notice notice-error" role="alert" data-testid="swa-shortfall" data-code={error.code}>
      <strong className="notice-title">Not enough SWA units in your bin</strong>
      <dl className="details">
        <div>
          <dt>Needed</dt>
          <dd data-testid="shortfall-needed">{n('needed') ?? '?'}</dd>
        </div>
        <div>
          <dt>Available (unexpired)</dt>
          <dd data-testid="shortfall-available">{n('available') ?? '?'}</dd>
        </div>
        <div>
          <dt>Missing</dt>
          <dd data-testid="shortfall-missing">
            <strong>{n('missing') ?? '?'}</strong>
          </dd>
        </div>
      </dl>
      <p>Nothing was assigned. Order more SWA units, or quote a shorter term.</p>
    </div>
  );
}

export function AssignDialog({
  location,
  initialQuote,
  onClose,
  onAssigned,
}: {
  location: { id: string; name: string };
  /** A quote already given (after activation): shown at once, ready to assign. */
  initialQuote?: SwaQuote;
  onClose: () => void;
  onAssigned: (assignment: SwaAssignment) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [months, setMonths] = useState(String(initialQuote?.months ?? 12));
  const [reference, setReference] = useState('');
  const [approved, setApproved] = useState(false);
  const [immediately, setImmediately] = useState(false);
  const quote = useSwaQuote(location.id);
  const assign = useAssignSwa(location.id);
  const shown = quote.data ?? (quote.isIdle ? initialQuote : undefined);
  // A quote for other months than those entered is out of date: quote again first.
  const current = shown && String(shown.months) === months.trim() ? shown : undefined;
  const assignable = current && !current.reason;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  const monthsValue = Number(months);
  const monthsOk = /^[0-9]+$/.test(months.trim()) && monthsValue >= 1 && monthsValue <= 120;

  function askQuote(e: FormEvent) {
    e.preventDefault();
    if (!monthsOk) return;
    assign.reset();
    setApproved(false);
    quote.mutate(monthsValue);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!current || !approved || reference.trim() === '') return;
    assign.mutate(
      { months: current.months, reference: reference.trim(), processImmediately: immediately },
      { onSuccess: onAssigned },
    );
  }

  const shortfall = assign.error instanceof ApiError && assign.error.code === 'INSUFFICIENT_SWA_UNITS';
  const errors = splitError(shortfall ? null : assign.error, ['reference', 'months']);
  const quoteErrors = splitError(quote.error, ['months']);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={headingId} onClose={onClose}>
      <div className="dialog-head">
        <h2 id={headingId}>Assign SWA to {location.name}</h2>
        <button type="button" className="button button-quiet-dark" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      <form onSubmit={askQuote} className="form swa-quote-form" aria-label="Quote SWA" noValidate>
        <div className="inline-fields">
          <TextField
            label="Months"
            type="number"
            inputMode="numeric"
            min={1}
            max={120}
            required
            value={months}
            onChange={(e) => setMonths(e.target.value)}
            error={
              quoteErrors.field('months') ?? (monthsOk ? undefined : 'Enter a whole number of months from 1 to 120.')
            }
            hint="The SWA term; 12 months unless you choose otherwise."
          />
          <div className="form-actions">
            <SubmitButton pending={quote.isPending} busyLabel="Quoting…" disabled={!monthsOk}>
              Quote
            </SubmitButton>
          </div>
        </div>
        {quoteErrors.general && (
          <div className="notice notice-error" role="alert">
            {quoteErrors.general}
          </div>
        )}
      </form>

      {shown && <QuoteSummary quote={shown} />}
      {shown && !current && (
        <p className="hint" role="status">
          The quote above is for {plural(shown.months, 'month')}: press Quote for {months.trim() || '…'} months.
        </p>
      )}

      {assignable && (
        <form onSubmit={submit} className="form" aria-label="Assign SWA" noValidate>
          <TextField
            label="Reference"
            hint="Your reference for this assignment, e.g. the customer's order number."
            required
            maxLength={100}
            {...errors.bind('reference', reference, setReference)}
          />
          <label className="check agreement">
            <input type="checkbox" required checked={approved} onChange={(e) => setApproved(e.target.checked)} />
            <span>
              <strong>I approve taking {plural(current.total_units, 'unit')} from the SWA bin</strong>
            </span>
          </label>
          <label className="check">
            <input type="checkbox" checked={immediately} onChange={(e) => setImmediately(e.target.checked)} />
            <span>
              Process immediately{' '}
              <span className="muted">
                (SWA is active at once; otherwise it can be cancelled for 24 hours and then becomes active by itself)
              </span>
            </span>
          </label>
          {shortfall && assign.error instanceof ApiError && <Shortfall error={assign.error} />}
          {errors.general && (
            <div className="notice notice-error" role="alert">
              <strong className="notice-title">Nothing was assigned</strong>
              <div>{errors.general}</div>
            </div>
          )}
          <div className="form-actions">
            <SubmitButton
              pending={assign.isPending}
              busyLabel="Assigning…"
              disabled={!approved || reference.trim() === ''}
            >
              Assign
            </SubmitButton>
            <button type="button" className="button" onClick={onClose} disabled={assign.isPending}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!assignable && (
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </dialog>
  );
}
