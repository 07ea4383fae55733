// SWA assignments as a table: dates, units, and for those in their cooling-off a live
// countdown with "Activate now" and "Cancel". When a countdown runs out the list is read again
// (the server counts the assignment as active from then on).
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { SwaAssignment } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { ErrorNotice, Notice } from '../../components/feedback';
import { formatCountdown, formatDate, formatDateTime, humanize } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { queryKeys } from '../../api/queryKeys';
import { useActivateAssignment, useCancelAssignment } from './queries';

function Countdown({ until }: { until: string }) {
  const now = useNow(1000);
  const left = new Date(until).getTime() - now;
  const queryClient = useQueryClient();
  const over = left <= 0;
  useEffect(() => {
    if (over) void queryClient.invalidateQueries({ queryKey: queryKeys.swa.all() });
  }, [over, queryClient]);
  return (
    <span className="countdown" title={`Becomes active by itself at ${formatDateTime(until)}`}>
      <time dateTime={until} data-testid="cooling-off-countdown">
        {over ? 'now' : formatCountdown(left)}
      </time>
    </span>
  );
}

export function AssignmentsTable({
  assignments,
  caption,
  showLocation,
  empty,
}: {
  assignments: SwaAssignment[];
  caption: string;
  /** What to say when there are none (the outcome of the last action stays above it). */
  empty: string;
  /** A column naming (and linking) each assignment's location. */
  showLocation?: boolean;
}) {
  const activate = useActivateAssignment();
  const cancel = useCancelAssignment();
  const busy = activate.isPending || cancel.isPending;
  const done = activate.data ?? cancel.data;

  const heads = [
    ...(showLocation ? ['Location'] : []),
    'Agreement',
    'Status',
    'Total units',
    'Covers',
    'Cooling-off ends in',
    'Actions',
  ];
  return (
    <>
      {done && (activate.isSuccess || cancel.isSuccess) && (
        <Notice kind="success">
          {done.status === 'cancelled'
            ? `Assignment ${done.agreement_number} cancelled: ${done.total_units} units are back in the SWA bin.`
            : `Assignment ${done.agreement_number} is active: SWA until ${formatDate(done.expires_on)}.`}
        </Notice>
      )}
      <ErrorNotice error={activate.error ?? cancel.error} title="The assignment was not changed" />
      {assignments.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <DataTable caption={caption} head={<ColumnHeads names={heads} numeric={['Total units']} />}>
          {assignments.map((a) => (
            <tr key={a.id} data-agreement={a.agreement_number}>
              {showLocation && (
                <td>
                  <Link to={`/locations/${a.location_id}`}>{a.location_name}</Link>
                </td>
              )}
              <th scope="row">
                <code>{a.agreement_number}</code>
                <span className="cell-note">{a.reference}</span>
              </th>
              <td>
                <span
                  className={`badge ${a.status === 'active' ? 'badge-ok' : a.status === 'cooling_off' ? 'badge-warn' : ''}`}
                >
                  {humanize(a.status)}
                </span>
                <span className="cell-note">{humanize(a.kind)}</span>
              </td>
              <td className="num">
                {a.total_units}
                {a.reinstatement_units > 0 && (
                  <span className="cell-note">incl. {a.reinstatement_units} reinstatement</span>
                )}
              </td>
              <td className="nowrap">
                <time dateTime={a.starts_on}>{formatDate(a.starts_on)}</time> –{' '}
                <time dateTime={a.expires_on}>{formatDate(a.expires_on)}</time>
                <span className="cell-note">{a.months} months</span>
              </td>
              <td className="nowrap">
                {a.status === 'cooling_off' ? (
                  <Countdown until={a.cooling_off_until} />
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {a.status === 'cooling_off' && (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-small button-primary"
                      disabled={busy}
                      aria-label={`Activate now ${a.agreement_number}`}
                      onClick={() => {
                        cancel.reset();
                        activate.mutate(a.id);
                      }}
                    >
                      Activate now
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      aria-label={`Cancel ${a.agreement_number}`}
                      onClick={() => {
                        activate.reset();
                        cancel.mutate(a.id);
                      }}
                    >
                      Cancel
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
