// The Software Assurance page (SPEC §10, §12): the SWA bin (POs, expiry, where the units are),
// assignments in their cooling-off (activate now or cancel), and the prospective SWA locations
// with "Assign SWA". Only for users with an SWA role.
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { SwaAssignment, SwaBin } from '../../api/client';
import { hasSwaRole, useMe } from '../../auth/session';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading, Notice } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { useSystemTypeName } from '../locations/systemTypes';
import { AssignDialog } from './AssignDialog';
import { AssignmentsTable } from './AssignmentsTable';
import { useProspects, useSwaAssignments, useSwaBin } from './queries';
import { assignedMessage } from './messages';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

/** The page, or word that it needs an SWA role. */
export function RequireSwaRole({ children }: { children: ReactNode }) {
  const me = useMe();
  if (hasSwaRole(me)) return children;
  return (
    <PageHeader title="Software Assurance">
      <Notice kind="info" title="This page needs an SWA role">
        Software Assurance is available to users with the role “SWA dealer admin” or “SWA distributor admin”. Ask your
        partner’s administrator or the vendor to grant it.
      </Notice>
    </PageHeader>
  );
}

function BinTable({ bin }: { bin: SwaBin }) {
  if (bin.items.length === 0) return <p className="empty">No SWA units have been shipped to you yet.</p>;
  return (
    <DataTable
      caption="SWA purchase orders"
      head={
        <ColumnHeads
          names={[
            'PO',
            'SO',
            'Shipped',
            'Expires on',
            'Shipped units',
            'Available',
            'Assigned',
            'Consumed',
            'Reshipped',
          ]}
          numeric={['Shipped units', 'Available', 'Assigned', 'Consumed', 'Reshipped']}
        />
      }
    >
      {bin.items.map((po) => (
        <tr key={po.id} data-po={po.po_number} className={po.expired ? 'row-disabled' : undefined}>
          <th scope="row">{po.po_number}</th>
          <td>{po.so_number}</td>
          <td className="nowrap">{formatDateTime(po.shipped_at)}</td>
          <td className="nowrap">
            <time dateTime={po.expires_on}>{formatDate(po.expires_on)}</time>
            {po.expired && <span className="badge badge-warn">expired</span>}
          </td>
          <td className="num">{po.shipped}</td>
          <td className="num" data-testid="po-available">
            {po.available}
          </td>
          <td className="num" data-testid="po-assigned">
            {po.assigned}
          </td>
          <td className="num" data-testid="po-consumed">
            {po.consumed}
          </td>
          <td className="num">{po.reshipped}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function Prospects({ onAssign }: { onAssign: (location: { id: string; name: string }) => void }) {
  const prospects = useProspects();
  const typeName = useSystemTypeName();
  if (prospects.isPending) return <Loading what="the prospective locations" />;
  if (prospects.isError)
    return <ErrorNotice error={prospects.error} title="The prospective locations could not be loaded" />;
  if (prospects.data.length === 0) return <p className="empty">No location is in its grace period without SWA.</p>;
  return (
    <DataTable
      caption="Prospective SWA locations"
      head={
        <ColumnHeads
          names={[
            'Location',
            'Customer',
            'System type',
            'Hardware key code',
            'First activated',
            'Grace ends',
            'Units a month',
            'Action',
          ]}
          numeric={['Units a month']}
        />
      }
    >
      {prospects.data.map((p) => (
        <tr key={p.location_id} data-location={p.location_name}>
          <th scope="row">
            <Link to={`/locations/${p.location_id}`}>{p.location_name}</Link>
          </th>
          <td>
            <Link to={`/customers/${p.customer_id}`}>{p.customer_name}</Link>
          </td>
          <td>{typeName(p.system_type)}</td>
          <td>
            <code className="hwkc">{p.hwkc}</code>
          </td>
          <td className="nowrap">{formatDateTime(p.first_activated_at)}</td>
          <td className="nowrap">
            <time dateTime={p.grace_ends_on}>{formatDate(p.grace_ends_on)}</time>
          </td>
          <td className="num">{p.swa_units_per_month}</td>
          <td>
            <button
              type="button"
              className="button button-small button-primary"
              aria-label={`Assign SWA to ${p.location_name}`}
              onClick={() => onAssign({ id: p.location_id, name: p.location_name })}
            >
              Assign SWA
            </button>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function SwaPage() {
  const bin = useSwaBin();
  const coolingOff = useSwaAssignments({ status: 'cooling_off' });
  const [assigning, setAssigning] = useState<{ id: string; name: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="Software Assurance">
        <p className="lead">
          Your SWA units, the locations that can get SWA now, and assignments you can still cancel.
        </p>
      </PageHeader>
      {message && <Notice kind="success">{message}</Notice>}

      <Section title="SWA bin" actions={<ExportCsvButton download={csvExports.swaBin()} />}>
        {bin.isPending && <Loading what="the SWA bin" />}
        {bin.isError && <ErrorNotice error={bin.error} title="The SWA bin could not be loaded" />}
        {bin.isSuccess && (
          <>
            <p className="swa-total">
              Available to assign: <strong data-testid="swa-available-units">{bin.data.available_units}</strong> units{' '}
              <span className="muted">(unexpired; the earliest expiry is used first)</span>
            </p>
            <BinTable bin={bin.data} />
          </>
        )}
      </Section>

      <Section
        title="Assignments in cooling-off"
        actions={<ExportCsvButton download={csvExports.swaAssignments({ status: 'cooling_off' })} />}
      >
        <p className="hint table-hint">
          An assignment becomes active by itself 24 hours after it was made. Until then you can activate it now or
          cancel it; cancelling returns its units to the bin.
        </p>
        {coolingOff.isPending && <Loading what="the assignments" />}
        {coolingOff.isError && <ErrorNotice error={coolingOff.error} title="The assignments could not be loaded" />}
        {coolingOff.isSuccess && (
          <AssignmentsTable
            assignments={coolingOff.data}
            caption="Assignments in cooling-off"
            showLocation
            empty="No assignment is in its cooling-off."
          />
        )}
      </Section>

      <Section title="Prospective SWA locations" actions={<ExportCsvButton download={csvExports.swaProspects()} />}>
        <p className="hint table-hint">
          Locations with activated licenses that bear SWA and no SWA yet, within their grace period: assigned now, SWA
          needs no reinstatement units.
        </p>
        <Prospects
          onAssign={(l) => {
            setMessage(null);
            setAssigning(l);
          }}
        />
      </Section>

      {assigning && (
        <AssignDialog
          location={assigning}
          onClose={() => setAssigning(null)}
          onAssigned={(a: SwaAssignment) => {
            setMessage(assignedMessage(assigning.name, a));
            setAssigning(null);
          }}
        />
      )}
      {bin.isSuccess && bin.data.items.some((po) => po.expired) && (
        <p className="hint">
          Expired POs are listed greyed out: {plural(bin.data.items.filter((p) => p.expired).length, 'PO')}.
        </p>
      )}
    </>
  );
}
