// "History of changes" of a location: its audit trail (`GET /audit-events?subject=`; attach,
// detach, activation and file events are all recorded against the location), newest first.
// Loaded when the user opens it.
import { useState, type ReactNode } from 'react';
import type { AuditEvent, Location } from '../../api/client';
import { useMe } from '../../auth/session';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/feedback';
import { formatDateTime, humanize } from '../../lib/format';
import { useLocationAudit } from './queries';

type Details = Record<string, unknown>;

const str = (v: unknown) => (v == null ? '' : String(v));

function parts(list: unknown): string {
  if (!Array.isArray(list)) return '';
  return list
    .map((x: Details) => `${str(x.quantity)} × ${str(x.part_number)}`)
    .filter((t) => t !== ' × ')
    .join(', ');
}

/** What happened, in words, and the particulars. */
function describe(e: AuditEvent): { what: string; detail: ReactNode } {
  const d = (e.details ?? {}) as Details;
  switch (e.action) {
    case 'license.attached':
      return { what: 'Licenses attached', detail: `${str(d.quantity)} × ${str(d.part_number)} from the license bin` };
    case 'license.detached':
      return {
        what: 'Licenses detached',
        detail: `${str(d.quantity)} × ${str(d.part_number)} back to the license bin`,
      };
    case 'license.activated':
      return {
        what: 'Licenses activated',
        detail: (
          <>
            {parts(d.attachments)}
            {d.activation_code ? (
              <>
                ; activation code <code>{str(d.activation_code)}</code>
              </>
            ) : null}
          </>
        ),
      };
    case 'license_file.regenerated':
      return {
        what: 'License file regenerated',
        detail: d.activation_code ? (
          <>
            Activation code <code>{str(d.activation_code)}</code>
          </>
        ) : (
          ''
        ),
      };
    case 'location.server_hwkc_derived':
      return {
        what: 'Real hardware key code derived',
        detail: (
          <>
            <code>{str(d.temp_key)}</code> → <code>{str(d.hwkc)}</code> from IP address {str(d.ip_address)}
          </>
        ),
      };
    case 'dect_import.requested':
      return {
        what: 'DECT import requested',
        detail: 'The licenses of the old system’s file wait for the vendor’s approval',
      };
    case 'dect_import.approved':
      return {
        what: 'DECT license file imported',
        detail: (
          <>
            Approved by the vendor: {parts(d.licenses)} activated from the old system’s file
            {d.activation_code ? (
              <>
                ; activation code <code>{str(d.activation_code)}</code>
              </>
            ) : null}
          </>
        ),
      };
    case 'dect_import.rejected':
      return { what: 'DECT import rejected', detail: `Rejected by the vendor: ${str(d.reason)}` };
    case 'external_license_file.uploaded':
      return {
        what: 'License file supplied',
        detail: (
          <>
            <code>{str(d.file_name)}</code>, produced outside the LMS
          </>
        ),
      };
    case 'demo_license.issued':
      return { what: 'Demo license issued', detail: `${str(d.remaining_after)} demo licenses left afterwards` };
    default: {
      const simple = Object.entries(d)
        .filter(([k, v]) => !k.endsWith('_id') && (typeof v === 'string' || typeof v === 'number'))
        .map(([k, v]) => `${humanize(k)}: ${str(v)}`)
        .join(', ');
      return { what: humanize(e.action.replace(/[._]/g, ' ')), detail: simple };
    }
  }
}

/** Events only a vendor administrator causes. */
const VENDOR_DECISIONS = ['dect_import.approved', 'dect_import.rejected', 'external_license_file.uploaded'];

function History({ l }: { l: Location }) {
  const me = useMe();
  const events = useLocationAudit(l.id);

  if (events.isPending) return <Loading what="the history" />;
  if (events.isError) return <ErrorNotice error={events.error} />;
  if (events.data.length === 0) return <p className="empty">No license changes recorded for this location yet.</p>;
  return (
    <DataTable
      caption={`Changes to the licenses of ${l.name}, newest first`}
      head={
        <>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">Details</th>
          <th scope="col">By</th>
        </>
      }
    >
      {events.data.map((e) => {
        const { what, detail } = describe(e);
        return (
          <tr key={e.id}>
            <td className="nowrap">{formatDateTime(e.occurred_at)}</td>
            <th scope="row">{what}</th>
            <td>{detail || <span className="muted">—</span>}</td>
            <td>
              {e.user_id === me.id ? 'You' : VENDOR_DECISIONS.includes(e.action) ? 'The vendor' : 'Another user'}
              {e.impersonator_id && <span className="muted"> (done by a distributor user acting for them)</span>}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** Collapsed at first; the history is loaded when opened. */
export function ChangeHistory({ l }: { l: Location }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="card collapsible" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>History of changes</h2>
        <span className="muted">Who attached, detached and activated what, and when</span>
      </summary>
      {open && <History l={l} />}
    </details>
  );
}
