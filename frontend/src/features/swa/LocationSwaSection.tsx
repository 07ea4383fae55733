// A location's Software Assurance (for users with an SWA role): its status, its assignments
// (activate or cancel those in cooling-off), quote and assign, and the free-of-charge licenses
// it may take while SWA is active or in grace (attached without a PO, then activated as usual).
import { useState } from 'react';
import type { Location } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading, Notice } from '../../components/feedback';
import { Section } from '../../components/page';
import { AssignDialog } from './AssignDialog';
import { AssignmentsTable } from './AssignmentsTable';
import { assignedMessage } from './messages';
import { useFreeOfCharge, useSwaAssignments, useTakeFreeOfCharge } from './queries';
import { SwaLegend, SwaStatusIcon } from './SwaStatusIcon';

function FreeOfCharge({ l }: { l: Location }) {
  const offer = useFreeOfCharge(l.id);
  const take = useTakeFreeOfCharge(l.id);
  if (offer.isPending) return <Loading what="the free-of-charge licenses" />;
  if (offer.isError) return <ErrorNotice error={offer.error} title="The free-of-charge licenses could not be loaded" />;
  return (
    <div className="swa-free" data-testid="free-of-charge">
      <h3>Free-of-charge licenses</h3>
      {take.isSuccess && (
        <Notice kind="success">
          {take.data.part_number} attached free of charge (PO {take.data.po_number}): activate it under Attached
          licenses.
        </Notice>
      )}
      <ErrorNotice error={take.error} title="Nothing was attached" />
      {offer.data.items.length === 0 ? (
        <p className="empty">
          No free-of-charge license is offered now.{' '}
          <span className="muted">They are offered while SWA is active or in its grace period.</span>
        </p>
      ) : (
        <DataTable
          className="compact"
          caption={`Free-of-charge licenses for ${l.name}`}
          head={<ColumnHeads names={['Part number', 'Description', 'Action']} />}
        >
          {offer.data.items.map((p) => (
            <tr key={p.part_number}>
              <th scope="row">
                <code>{p.part_number}</code>
              </th>
              <td>{p.description}</td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  disabled={take.isPending}
                  aria-label={`Take ${p.part_number} free of charge`}
                  onClick={() => take.mutate(p.part_number)}
                >
                  Take free of charge
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

export function LocationSwaSection({ l }: { l: Location }) {
  const assignments = useSwaAssignments({ locationId: l.id });
  const [assigning, setAssigning] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <Section
      title="Software Assurance"
      actions={
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setMessage(null);
            setAssigning(true);
          }}
        >
          Assign SWA…
        </button>
      }
    >
      <p className="swa-status-line" data-testid="location-swa-status">
        Status: <SwaStatusIcon status={l.swa_status} withLabel />
      </p>
      <SwaLegend />
      {message && <Notice kind="success">{message}</Notice>}
      {assignments.isPending && <Loading what="the SWA assignments" />}
      {assignments.isError && <ErrorNotice error={assignments.error} title="The SWA assignments could not be loaded" />}
      {assignments.isSuccess && (
        <AssignmentsTable
          assignments={assignments.data}
          caption={`SWA assignments of ${l.name}`}
          empty="No SWA has been assigned to this location."
        />
      )}
      <FreeOfCharge l={l} />
      {assigning && (
        <AssignDialog
          location={l}
          onClose={() => setAssigning(false)}
          onAssigned={(a) => {
            setMessage(assignedMessage(l.name, a));
            setAssigning(false);
          }}
        />
      )}
    </Section>
  );
}
