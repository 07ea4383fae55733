// "History of changes" of a location: its audit trail (`GET /audit-events?subject=`; attach,
// detach, activation and file events are all recorded against the location), newest first.
// Loaded when the user opens it. Each action's `details` are typed in the API; every action is
// described here, so a new one fails the build until the portal says what it means.
import { useState, type ReactNode } from 'react';
import type { AuditAction, AuditEvent, AuditPartLine, Location } from '../../api/client';
import { useMe } from '../../auth/session';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/feedback';
import { formatDateTime } from '../../lib/format';
import { useLocationAudit } from './queries';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

/** "2 × SV9100-IPPORT-8, 1 × SV9100-VM-4". */
function parts(lines: readonly AuditPartLine[]): string {
  return lines.map((l) => `${l.quantity} × ${l.part_number}`).join(', ');
}

/** The facts that apply, comma-separated (`false`, `null` and empty ones left out). */
function facts(...items: (string | false | null | undefined)[]): string {
  return items.filter((x): x is string => !!x).join(', ');
}

/** "; activation code <code>", when there is one. */
function activationCode(code: string | null | undefined, lead = '; activation code'): ReactNode {
  return code ? (
    <>
      {lead} <code>{code}</code>
    </>
  ) : null;
}

/** What happened, in words, and the particulars. */
function describe(e: AuditEvent): { what: string; detail: ReactNode } {
  switch (e.action) {
    case 'license.attached':
      return {
        what: 'Licenses attached',
        detail: `${e.details.quantity} × ${e.details.part_number} from the license bin`,
      };
    case 'license.detached':
      return {
        what: 'Licenses detached',
        detail: `${e.details.quantity} × ${e.details.part_number} back to the license bin`,
      };
    case 'license.activated':
      return {
        what: 'Licenses activated',
        detail: (
          <>
            {parts(e.details.attachments)}
            {activationCode(e.details.activation_code)}
          </>
        ),
      };
    case 'license_file.regenerated':
      return {
        what: 'License file regenerated',
        detail: activationCode(e.details.activation_code, 'Activation code') ?? '',
      };
    case 'demo_license.issued':
      return { what: 'Demo license issued', detail: `${e.details.remaining_after} demo licenses left afterwards` };
    case 'external_license_file.uploaded':
      return {
        what: 'License file supplied',
        detail: (
          <>
            <code>{e.details.file_name}</code>, produced outside the LMS
          </>
        ),
      };
    case 'location.created':
      return {
        what: 'Location created',
        detail: facts(
          `Name: ${e.details.name}`,
          `System type: ${e.details.system_type}`,
          `Hardware key code: ${e.details.hwkc}`,
        ),
      };
    case 'location.updated': {
      const d = e.details;
      return {
        what: 'Location updated',
        detail: facts(
          d.name && `Name: ${d.name}`,
          d.reference_note && `Reference note: ${d.reference_note}`,
          d.full_computer_name && `Computer name: ${d.full_computer_name}`,
          d.domain_name && `Domain name: ${d.domain_name}`,
        ),
      };
    }
    case 'location.server_hwkc_derived':
      return {
        what: 'Real hardware key code derived',
        detail: (
          <>
            <code>{e.details.temp_key}</code> → <code>{e.details.hwkc}</code> from IP address {e.details.ip_address}
          </>
        ),
      };
    case 'location.hardware_replaced': {
      const d = e.details;
      return {
        what: d.follows_parent ? 'Hardware key code followed the parent’s' : 'Hardware replaced',
        detail: (
          <>
            <code>{d.old_hwkc}</code> → <code>{d.new_hwkc}</code>: {d.reason}
            {activationCode(d.activation_code, '; new license file, activation code')}
          </>
        ),
      };
    }
    case 'location.migrated': {
      const d = e.details;
      return {
        what: 'Migrated to SV9100 CP20',
        detail: (
          <>
            <code>{d.old_hwkc}</code> → <code>{d.new_hwkc}</code> on PO {d.po_number}:{' '}
            {d.licenses
              .map((m) =>
                m.from_part_number === m.to_part_number
                  ? `${m.quantity} × ${m.from_part_number}`
                  : `${m.quantity} × ${m.from_part_number} as ${m.to_part_number}`,
              )
              .join(', ')}
            {d.detached.length > 0 && `; back to the license bin: ${parts(d.detached)}`}
            {activationCode(d.activation_code)}
          </>
        ),
      };
    }
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
            Approved by the vendor: {parts(e.details.licenses)} activated from the old system’s file
            {activationCode(e.details.activation_code)}
          </>
        ),
      };
    case 'dect_import.rejected':
      return { what: 'DECT import rejected', detail: `Rejected by the vendor: ${e.details.reason}` };
    // Recorded against other subjects than a location; described all the same.
    case 'reship.sent':
      return {
        what: 'Licenses reshipped',
        detail: `To PO ${e.details.po_number} (SO ${e.details.so_number}): ${parts(e.details.lines)}`,
      };
    case 'shipment.received':
      return { what: 'Shipment received', detail: `PO ${e.details.po_number}: ${parts(e.details.lines)}` };
    case 'customer.created': {
      const d = e.details;
      return {
        what: 'Customer created',
        detail: facts(
          `Name: ${d.name}`,
          `Country: ${d.country}`,
          d.reference_note && `Reference note: ${d.reference_note}`,
        ),
      };
    }
    case 'customer.updated': {
      const { before, after } = e.details;
      return {
        what: 'Customer updated',
        detail: facts(
          before.name !== after.name && `Name: ${before.name} → ${after.name}`,
          before.country !== after.country && `Country: ${before.country} → ${after.country}`,
        ),
      };
    }
    case 'partner.created':
      return { what: 'Partner created', detail: facts(`Name: ${e.details.name}`, `Tier: ${e.details.tier}`) };
    case 'shipping_allowance.created':
      return { what: 'Shipping allowance created', detail: '' };
    case 'shipping_allowance.removed':
      return { what: 'Shipping allowance removed', detail: '' };
    case 'impersonation.started':
    case 'impersonation.ended': {
      const d = e.details;
      return {
        what: e.action === 'impersonation.started' ? 'Impersonation started' : 'Impersonation ended',
        detail: `${d.impersonator_email} acting as ${d.user_email}`,
      };
    }
    case 'user.created':
      return { what: 'User created', detail: facts(`Email: ${e.details.email}`, `Roles: ${e.details.roles}`) };
    case 'user.updated': {
      const { before, after } = e.details;
      return {
        what: 'User updated',
        detail: facts(
          before.name !== after.name && `Name: ${before.name} → ${after.name}`,
          before.roles !== after.roles && `Roles: ${before.roles} → ${after.roles}`,
          before.disabled !== after.disabled && (after.disabled ? 'Disabled' : 'Enabled'),
        ),
      };
    }
    case 'user.password_changed':
      return { what: 'User password changed', detail: '' };
    case 'api_key.created': {
      const d = e.details;
      return {
        what: 'API key created',
        detail: facts(
          `Name: ${d.name}`,
          `Prefix: ${d.prefix}`,
          d.expires_at && `Expires: ${formatDateTime(d.expires_at)}`,
        ),
      };
    }
    case 'api_key.revoked':
      return { what: 'API key revoked', detail: '' };
    case 'swa.shipped':
      return {
        what: 'SWA units received',
        detail: `PO ${e.details.po_number}: ${e.details.units} units, expiring ${e.details.expires_on}`,
      };
    case 'swa.reshipped':
      return {
        what: 'SWA units reshipped',
        detail: `To PO ${e.details.po_number} (SO ${e.details.so_number}): ${e.details.units} units`,
      };
    case 'swa.assigned':
    case 'swa.renewed':
    case 'swa.activated':
    case 'swa.cancelled': {
      const d = e.details;
      const what = {
        'swa.assigned': 'SWA assigned (cooling-off)',
        'swa.renewed': 'SWA renewed (cooling-off)',
        'swa.activated': 'SWA activated',
        'swa.cancelled': 'SWA assignment cancelled',
      }[e.action];
      return {
        what,
        detail: facts(
          `Agreement ${d.agreement_number}`,
          `${d.months} months, ${d.starts_on} to ${d.expires_on}`,
          `${d.units} units`,
          d.available_before !== d.available_after &&
            `Available SWA units: ${d.available_before} → ${d.available_after}`,
        ),
      };
    }
    default: {
      // Every action is described above: an action the API gains fails the build here.
      const unknown: never = e;
      // A server newer than this portal: name the action and guess nothing from its details.
      return { what: (unknown as AuditEvent).action, detail: '' };
    }
  }
}

/** Events only a vendor administrator causes. */
const VENDOR_DECISIONS: readonly AuditAction[] = [
  'location.hardware_replaced',
  'dect_import.approved',
  'dect_import.rejected',
  'external_license_file.uploaded',
];

function History({ l }: { l: Location }) {
  const me = useMe();
  const events = useLocationAudit(l.id);

  if (events.isPending) return <Loading what="the history" />;
  if (events.isError) return <ErrorNotice error={events.error} />;
  if (events.data.length === 0) return <p className="empty">No license changes recorded for this location yet.</p>;
  return (
    <>
      <div className="toolbar">
        <ExportCsvButton download={csvExports.auditEvents(l.id)} label="Export the history (CSV)" />
      </div>
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
                {e.impersonator_id && (
                  <span className="muted">
                    {' '}
                    (done by {e.impersonator_id === me.impersonator?.id ? 'you' : 'another user'} acting for them)
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </>
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
