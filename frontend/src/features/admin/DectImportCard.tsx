// One DECT import request as a vendor admin reviews it: who asks, for which PARI, the
// licenses read from the file, and (while pending) Approve or Reject with a reason.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { DectImport } from '../../api/client';
import { SubmitButton, TextAreaField } from '../../components/fields';
import { ErrorNotice, Notice, splitError } from '../../components/feedback';
import { Section } from '../../components/page';
import { formatDateTime } from '../../lib/format';
import { DectLicensesTable, licenseTotal } from '../licenses/DectLicensesTable';
import { useApproveDectImport, useRejectDectImport } from './queries';

const STATE_LABEL = {
  parsed: 'Not requested',
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
} as const;

function RejectForm({ imp, onCancel, onDone }: { imp: DectImport; onCancel: () => void; onDone: () => void }) {
  const reject = useRejectDectImport(onDone);
  const [reason, setReason] = useState('');
  const errors = splitError(reject.error, ['reason']);

  function submit(e: FormEvent) {
    e.preventDefault();
    reject.mutate({ id: imp.upload_id, reason: reason.trim() });
  }

  return (
    <form onSubmit={submit} className="form" aria-label={`Reject the import for ${imp.location_name}`} noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <TextAreaField
        label="Reason for the rejection"
        required
        maxLength={500}
        rows={3}
        hint="The partner sees this; say what they should do (1 to 500 characters)."
        {...errors.bind('reason', reason, setReason)}
      />
      <div className="form-actions">
        <SubmitButton pending={reject.isPending} busyLabel="Rejecting…">
          Reject import
        </SubmitButton>
        <button type="button" className="button" onClick={onCancel} disabled={reject.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Decision({ imp, onDecided }: { imp: DectImport; onDecided: (message: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const total = licenseTotal(imp.licenses);
  const approve = useApproveDectImport(({ license_file: f }) =>
    onDecided(
      `Approved: ${total} ${total === 1 ? 'license is' : 'licenses are'} activated on ${imp.location_name} (PARI ${imp.hwkc}); new license file ${f.name}${f.activation_code ? `, activation code ${f.activation_code}` : ''}.`,
    ),
  );

  if (rejecting)
    return (
      <RejectForm
        imp={imp}
        onCancel={() => setRejecting(false)}
        onDone={() => onDecided(`Rejected the import for ${imp.location_name}; ${imp.partner_name} sees the reason.`)}
      />
    );
  return (
    <>
      <ErrorNotice error={approve.error} title="The import was not approved" />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={approve.isPending}
          onClick={() => approve.mutate(imp.upload_id)}
        >
          {approve.isPending ? 'Approving…' : 'Approve'}
        </button>
        <button type="button" className="button" disabled={approve.isPending} onClick={() => setRejecting(true)}>
          Reject…
        </button>
      </div>
    </>
  );
}

export function DectImportCard({ imp, onDecided }: { imp: DectImport; onDecided: (message: string) => void }) {
  return (
    <Section title={`${imp.location_name} — ${imp.partner_name}`} className="dect-import">
      <dl className="details po-meta">
        <div>
          <dt>Partner</dt>
          <dd>{imp.partner_name}</dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>
            <Link to={`/locations/${imp.location_id}`}>{imp.location_name}</Link>
          </dd>
        </div>
        <div>
          <dt>PARI (hardware key code)</dt>
          <dd>
            <code className="hwkc">{imp.hwkc}</code>
          </dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>{imp.requested_at ? formatDateTime(imp.requested_at) : '—'}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            {STATE_LABEL[imp.state]}
            {imp.decided_at && ` on ${formatDateTime(imp.decided_at)}`}
          </dd>
        </div>
        {imp.rejection_reason && (
          <div>
            <dt>Reason</dt>
            <dd>{imp.rejection_reason}</dd>
          </div>
        )}
      </dl>
      <DectLicensesTable
        licenses={imp.licenses}
        caption={`Licenses in the DECT license file of ${imp.location_name}`}
      />
      {imp.state === 'pending' && <Decision imp={imp} onDecided={onDecided} />}
    </Section>
  );
}
