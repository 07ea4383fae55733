// After an activation (SPEC §10, the guide's pop-up): the 12-month SWA quote the activation
// came with, and "Assign SWA now?" opening the assign dialog with that quote.
import { useId, useState } from 'react';
import type { Location, SwaQuote } from '../../api/client';
import { Notice } from '../../components/feedback';
import { formatDate } from '../../lib/format';
import { AssignDialog } from './AssignDialog';
import { assignedMessage } from './messages';

export function SwaOffer({ l, quote }: { l: Location; quote: SwaQuote }) {
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (message) return <Notice kind="success">{message}</Notice>;
  if (dismissed || quote.reason) return null;
  return (
    <section className="notice notice-info swa-offer" aria-labelledby={headingId} data-testid="swa-offer">
      <h3 id={headingId}>Assign SWA now?</h3>
      <p>
        Software Assurance for {quote.months} months costs <strong>{quote.total_units} units</strong>
        {quote.reinstatement_units > 0 && ` (incl. ${quote.reinstatement_units} reinstatement units)`}
        {quote.starts_on && quote.expires_on && (
          <>
            {' '}
            and covers {formatDate(quote.starts_on)} to {formatDate(quote.expires_on)}
          </>
        )}
        . Assign it now, or later within the grace period from Software Assurance → prospective locations.
      </p>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
          Assign SWA now…
        </button>
        <button type="button" className="button" onClick={() => setDismissed(true)}>
          Not now
        </button>
      </div>
      {open && (
        <AssignDialog
          location={l}
          initialQuote={quote}
          onClose={() => setOpen(false)}
          onAssigned={(a) => {
            setOpen(false);
            setMessage(assignedMessage(l.name, a));
          }}
        />
      )}
    </section>
  );
}
