// Where a location's DECT import stands, as its partner sees it: waiting for the vendor,
// approved (the licenses are activated), or rejected with the vendor's reason.
import { useId } from 'react';
import type { DectImport, Location } from '../../api/client';
import { formatDateTime, plural } from '../../lib/format';
import { DectLicensesTable, licenseTotal } from './DectLicensesTable';

export function DectPending({ imp, l }: { imp: DectImport; l: Location }) {
  const headingId = useId();
  return (
    <section className="activation-panel dect-pending" aria-labelledby={headingId} data-state="pending">
      <h3 id={headingId}>Import requested: waiting for approval by the vendor</h3>
      <p>
        {imp.requested_at ? `Requested on ${formatDateTime(imp.requested_at)}. ` : ''}
        The {plural(licenseTotal(imp.licenses), 'license')} below become activated on PARI{' '}
        <code className="hwkc">{l.hwkc}</code> once a vendor administrator has approved the import; nothing is activated
        until then.
      </p>
      <DectLicensesTable licenses={imp.licenses} caption="Licenses waiting for approval" />
    </section>
  );
}

export function DectApproved({
  imp,
  l,
  onDownload,
  downloading,
}: {
  imp: DectImport;
  l: Location;
  onDownload: () => void;
  downloading: boolean;
}) {
  return (
    <>
      <div className="notice notice-success dect-imported" role="status" data-state="approved">
        <strong className="notice-title">
          Imported: approved on {imp.decided_at ? formatDateTime(imp.decided_at) : '—'}.
        </strong>
        <p>
          The {plural(licenseTotal(imp.licenses), 'license')} of the old DECT system are activated on PARI{' '}
          <code className="hwkc">{l.hwkc}</code>. The location’s license file holds them; download it and load it into
          the DECT system.
        </p>
        <button type="button" className="button button-primary" onClick={onDownload} disabled={downloading}>
          Download license file
        </button>
      </div>
      <p>
        <strong>Next:</strong> register a call with the vendor’s license desk and ask them to deactivate PARI{' '}
        <code className="hwkc">{l.hwkc}</code> in the old license generator database. This is needed before the system
        can be expanded and for software assurance.
      </p>
    </>
  );
}

export function DectRejected({ imp }: { imp: DectImport }) {
  return (
    <div className="notice notice-error dect-rejected" data-state="rejected">
      <strong className="notice-title">
        Import rejected{imp.decided_at ? ` on ${formatDateTime(imp.decided_at)}` : ''}.
      </strong>
      <p>
        Reason given by the vendor: <q className="rejection-reason">{imp.rejection_reason ?? 'none given'}</q>
      </p>
      <p>Nothing was activated. You may upload a corrected license file below.</p>
    </div>
  );
}
