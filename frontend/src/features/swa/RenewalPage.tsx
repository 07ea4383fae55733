// Renewing a customer's SWA (SPEC §10): every location quoted "today, 12 months" first; the
// months per location can be changed and re-quoted, co-term renews all to one common end date;
// each location that cannot be renewed says why; the total units show before Renew.
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { SwaRenewalLine } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading, splitError, type FlashState } from '../../components/feedback';
import { SubmitButton, TextField } from '../../components/fields';
import { PageHeader, Section } from '../../components/page';
import { formatDate, plural, sentence } from '../../lib/format';
import { useCustomer } from '../customers/queries';
import { useRenewSwa, useRenewalQuote, type RenewalAsk } from './queries';
import { SwaLegend, SwaStatusIcon } from './SwaStatusIcon';

const DEFAULT_MONTHS = 12;

/** A fresh page for every customer. */
export function RenewalRoute() {
  const { customerId = '' } = useParams();
  return <RenewalPage key={customerId} customerId={customerId} />;
}

function Row({
  line,
  months,
  setMonths,
}: {
  line: SwaRenewalLine;
  months: string;
  setMonths: (value: string) => void;
}) {
  const refused = line.reason;
  return (
    <tr data-location={line.location_name} className={refused ? 'row-disabled' : undefined}>
      <th scope="row">{line.location_name}</th>
      <td>
        <SwaStatusIcon status={line.swa_status} withLabel />
      </td>
      <td>
        <input
          type="number"
          className="months-input"
          min={1}
          max={120}
          inputMode="numeric"
          aria-label={`Months for ${line.location_name}`}
          value={months}
          onChange={(e) => setMonths(e.target.value)}
        />
      </td>
      {refused ? (
        <td colSpan={4} className="renewal-reason" data-code={refused.code}>
          <span className="field-error">{sentence(refused.message)}.</span> <code>{refused.code}</code>
        </td>
      ) : (
        <>
          <td className="num" data-testid="line-units">
            {line.units}
            {line.months !== Number(months) && <span className="muted"> ({plural(line.months, 'month')})</span>}
          </td>
          <td className="num">{line.reinstatement_units}</td>
          <td className="num" data-testid="line-total">
            <strong>{line.total_units}</strong>
          </td>
          <td className="nowrap">
            {line.starts_on && line.expires_on && (
              <>
                <time dateTime={line.starts_on}>{formatDate(line.starts_on)}</time> –{' '}
                <time dateTime={line.expires_on} data-testid="line-expires">
                  {formatDate(line.expires_on)}
                </time>
              </>
            )}
          </td>
        </>
      )}
    </tr>
  );
}

function RenewalPage({ customerId }: { customerId: string }) {
  const navigate = useNavigate();
  const customer = useCustomer(customerId);
  const [ask, setAsk] = useState<RenewalAsk>({ co_term: false, months_by_location: {} });
  const [months, setMonths] = useState<Record<string, string>>({});
  const [reference, setReference] = useState('');
  const [immediately, setImmediately] = useState(false);
  const [approved, setApproved] = useState(false);
  const quote = useRenewalQuote(customerId, ask);
  const renew = useRenewSwa(customerId);

  const monthsOf = (id: string) => months[id] ?? String(ask.months_by_location[id] ?? DEFAULT_MONTHS);
  const lines = quote.data?.locations ?? [];
  const validMonths = (v: string) => /^[0-9]+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 120;
  const invalid = lines.filter((l) => !validMonths(monthsOf(l.location_id)));

  /** The ask the inputs describe: the months of every location not renewed for 12. */
  function askFromInputs(coTerm: boolean): RenewalAsk {
    const byLocation: Record<string, number> = {};
    for (const l of lines) {
      const m = Number(monthsOf(l.location_id));
      if (m !== DEFAULT_MONTHS) byLocation[l.location_id] = m;
    }
    return { co_term: coTerm, months_by_location: byLocation };
  }
  const pendingAsk = askFromInputs(ask.co_term);
  const stale = JSON.stringify(pendingAsk) !== JSON.stringify(ask);

  function requote(e?: FormEvent) {
    e?.preventDefault();
    if (invalid.length > 0) return;
    renew.reset();
    setApproved(false);
    setAsk(pendingAsk);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!approved || stale || !quote.data) return;
    renew.mutate(
      { ...ask, reference: reference.trim(), process_immediately: immediately },
      {
        onSuccess: (done) => {
          const flash = `SWA renewed for ${plural(done.items.length, 'location')}: ${done.total_units} units${
            ask.co_term && quote.data?.common_expires_on
              ? `, all ending on ${formatDate(quote.data.common_expires_on)}`
              : ''
          }.`;
          navigate(`/customers/${customerId}`, { state: { flash } satisfies FlashState });
        },
      },
    );
  }

  const name = customer.data?.name ?? 'Customer';
  const renewable = lines.filter((l) => !l.reason).length;
  const errors = splitError(renew.error, ['reference']);

  return (
    <>
      <PageHeader
        title={`Renew SWA: ${name}`}
        crumbs={[
          { label: 'Customers', to: '/customers' },
          { label: name, to: `/customers/${customerId}` },
          { label: 'Renew SWA' },
        ]}
      >
        <p className="lead">
          Every location is quoted from today (or the end of its current SWA) for 12 months. Change the months and quote
          again; with co-term all locations end on one common date.
        </p>
      </PageHeader>
      <Section title="Renewal quote">
        <form onSubmit={requote} className="form" aria-label="Renewal quote" noValidate>
          <label className="check">
            <input
              type="checkbox"
              checked={ask.co_term}
              onChange={(e) => {
                renew.reset();
                setApproved(false);
                setAsk(askFromInputs(e.target.checked));
              }}
            />
            <span>
              <strong>Co-term</strong>{' '}
              <span className="muted">
                renew every location to one common end date (at least one location must be renewed for 12 months)
              </span>
            </span>
          </label>
          {quote.isPending && <Loading what="the renewal quote" />}
          <ErrorNotice error={quote.error} title="No renewal quote" />
          {quote.data && (
            <>
              <DataTable
                caption={`Renewal quote for ${name}`}
                busy={quote.isFetching}
                head={
                  <ColumnHeads
                    names={[
                      'Location',
                      'SWA status',
                      'Months',
                      'Units',
                      'Reinstatement units',
                      'Total units',
                      'Covers',
                    ]}
                    numeric={['Units', 'Reinstatement units', 'Total units']}
                  />
                }
              >
                {lines.map((line) => (
                  <Row
                    key={line.location_id}
                    line={line}
                    months={monthsOf(line.location_id)}
                    setMonths={(v) => setMonths((m) => ({ ...m, [line.location_id]: v }))}
                  />
                ))}
              </DataTable>
              {invalid.length > 0 && (
                <p className="field-error" role="alert">
                  Enter months from 1 to 120 for {invalid.map((l) => l.location_name).join(', ')}.
                </p>
              )}
              <div className="form-actions">
                <button type="submit" className="button" disabled={!stale || invalid.length > 0 || quote.isFetching}>
                  Quote again
                </button>
                {stale && <span className="muted">The months changed: quote again before renewing.</span>}
              </div>
              <dl className="details swa-renewal-summary">
                <div>
                  <dt>Total units</dt>
                  <dd>
                    <strong data-testid="renewal-total">{quote.data.total_units}</strong>{' '}
                    <span className="muted">for {plural(renewable, 'location')}</span>
                  </dd>
                </div>
                {quote.data.missing_units > 0 && (
                  <div>
                    <dt>Missing</dt>
                    <dd className="error" data-testid="renewal-missing">
                      The SWA bin has {quote.data.available_units} unexpired units:{' '}
                      {plural(quote.data.missing_units, 'unit')} short
                    </dd>
                  </div>
                )}
                {quote.data.co_term && (
                  <div>
                    <dt>Common end date</dt>
                    <dd>
                      {quote.data.common_expires_on ? (
                        <time dateTime={quote.data.common_expires_on} data-testid="renewal-common-end">
                          {formatDate(quote.data.common_expires_on)}
                        </time>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </dd>
                  </div>
                )}
              </dl>
            </>
          )}
        </form>
        <SwaLegend />
      </Section>

      {quote.data && renewable > 0 && (
        <Section title="Renew">
          <form onSubmit={submit} className="form" aria-label="Renew SWA" noValidate>
            <TextField
              label="Reference"
              hint="Your reference for the renewal; “renewal” when left empty."
              maxLength={100}
              {...errors.bind('reference', reference, setReference)}
            />
            <label className="check agreement">
              <input type="checkbox" required checked={approved} onChange={(e) => setApproved(e.target.checked)} />
              <span>
                <strong>I approve taking {plural(quote.data.total_units, 'unit')} from the SWA bin</strong>
              </span>
            </label>
            <label className="check">
              <input type="checkbox" checked={immediately} onChange={(e) => setImmediately(e.target.checked)} />
              <span>
                Process immediately <span className="muted">(skip the 24-hour cooling-off)</span>
              </span>
            </label>
            {errors.general && <ErrorNotice error={renew.error} title="Nothing was renewed" />}
            <div className="form-actions">
              <SubmitButton pending={renew.isPending} busyLabel="Renewing…" disabled={!approved || stale}>
                Renew {plural(renewable, 'location')}
              </SubmitButton>
            </div>
          </form>
        </Section>
      )}
    </>
  );
}
