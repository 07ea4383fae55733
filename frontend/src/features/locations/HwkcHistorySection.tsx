// The hardware key codes a location has had, oldest first, and why each came: created, derived
// from a server's IP address, a hardware replacement (the key it replaced and the vendor
// admin's reason) or a migration — then the original system, its key and its licenses as they
// were, read-only (the guide's "History" of a migrated location).
import { Link } from 'react-router';
import type { Location, Schemas } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/feedback';
import { Section } from '../../components/page';
import { formatDateTime, humanize } from '../../lib/format';
import { ActivatedTable } from '../licenses/ActivatedTable';
import { StackedTable } from '../licenses/StackedTable';
import { useHwkcHistory } from './queries';
import { useSystemTypeName } from './systemTypes';

type Entry = Schemas['HistoryEntryView'];
type Origin = Schemas['MigrationOriginView'];

const REASONS: Record<string, string> = {
  created: 'Location created',
  server_hwkc_derived: 'Derived from the server’s IP address',
  hardware_replaced: 'Hardware replaced',
  migrated: 'Migrated to SV9100 CP20',
};

function Why({ h }: { h: Entry }) {
  return (
    <>
      {REASONS[h.reason] ?? humanize(h.reason)}
      {h.previous_hwkc && (
        <>
          {' '}
          (was <code className="hwkc">{h.previous_hwkc}</code>)
        </>
      )}
      {h.note && <div className="muted">Reason: {h.note}</div>}
    </>
  );
}

/** The system a migrated location came from, as it was: nothing here can change. */
function OriginalSystem({ origin }: { origin: Origin }) {
  const typeName = useSystemTypeName();
  return (
    <div className="original-system" data-testid="original-system">
      <h3>Original system</h3>
      <p>
        <Link to={`/locations/${origin.location_id}`}>{origin.name}</Link> · {typeName(origin.system_type)} ·{' '}
        <code className="hwkc">{origin.hwkc}</code> — migrated {formatDateTime(origin.migrated_at)}. For information
        only: these licenses now live on this location.
      </p>
      <ActivatedTable
        rows={origin.licenses}
        locationName={origin.name}
        caption={`Licenses of the original system ${origin.name}, as they were`}
      />
      {origin.stacked.length > 0 && (
        <StackedTable stacked={origin.stacked} caption={`What they granted on ${origin.name}`} />
      )}
    </div>
  );
}

export function HwkcHistorySection({ l }: { l: Location }) {
  const history = useHwkcHistory(l.id);
  const origin = history.data?.items.find((h) => h.migrated_from)?.migrated_from;
  return (
    <Section title="Hardware key code history">
      {history.isPending && <Loading what="the history" />}
      {history.isError && <ErrorNotice error={history.error} />}
      {history.isSuccess && (
        <DataTable
          caption={`Hardware key codes of ${l.name}, oldest first`}
          head={
            <>
              <th scope="col">Hardware key code</th>
              <th scope="col">Why</th>
              <th scope="col">When</th>
            </>
          }
        >
          {history.data.items.map((h, i) => (
            <tr key={i}>
              <td>
                <code className="hwkc">{h.hwkc}</code>
                {h.hwkc === l.hwkc && <span className="badge">current</span>}
              </td>
              <td>
                <Why h={h} />
              </td>
              <td>{formatDateTime(h.recorded_at)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {origin && <OriginalSystem origin={origin} />}
    </Section>
  );
}
