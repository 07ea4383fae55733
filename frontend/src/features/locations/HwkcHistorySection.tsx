// The hardware key codes a location has had, oldest first, and why each came.
import type { Location } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading } from '../../components/feedback';
import { Section } from '../../components/page';
import { formatDateTime, humanize } from '../../lib/format';
import { useHwkcHistory } from './queries';

const REASONS: Record<string, string> = {
  created: 'Location created',
  server_hwkc_derived: 'Derived from the server’s IP address',
};

export function HwkcHistorySection({ l }: { l: Location }) {
  const history = useHwkcHistory(l.id);
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
              <td>{REASONS[h.reason] ?? humanize(h.reason)}</td>
              <td>{formatDateTime(h.recorded_at)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}
