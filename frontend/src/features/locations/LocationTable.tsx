import { Link } from 'react-router';
import type { Location } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { SwaStatusIcon } from '../swa/SwaStatusIcon';
import { useSystemTypeName } from './systemTypes';

/** Orders locations so each child follows its parent, with its depth for indenting. */
function asTree(locations: Location[]): { location: Location; depth: number }[] {
  const ids = new Set(locations.map((l) => l.id));
  const byParent = new Map<string | null, Location[]>();
  for (const l of locations) {
    const parent = l.parent_id && ids.has(l.parent_id) ? l.parent_id : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), l]);
  }
  const out: { location: Location; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const l of byParent.get(parent) ?? []) {
      out.push({ location: l, depth });
      walk(l.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A table of locations; child locations sit indented under their parent when both are listed. */
export function LocationTable({ locations, caption }: { locations: Location[]; caption: string }) {
  const typeName = useSystemTypeName();
  return (
    <DataTable
      caption={caption}
      head={<ColumnHeads names={['Location', 'SWA', 'System type', 'Hardware key code', 'Reference note']} />}
    >
      {asTree(locations).map(({ location: l, depth }) => (
        <tr key={l.id}>
          <th
            scope="row"
            className={depth > 0 ? 'child-row' : undefined}
            style={{ paddingLeft: `${0.75 + depth * 1.5}rem` }}
          >
            {depth > 0 && (
              <span className="child-marker" aria-label="child of the location above">
                ↳{' '}
              </span>
            )}
            <Link to={`/locations/${l.id}`}>{l.name}</Link>
          </th>
          <td>
            <SwaStatusIcon status={l.swa_status} />
          </td>
          <td>{typeName(l.system_type)}</td>
          <td>
            <code className="hwkc">{l.hwkc}</code>
            {l.temp_key && <span className="badge badge-warn">temp key</span>}
            {l.migrated_to && <span className="badge">migrated</span>}
          </td>
          <td>{l.reference_note ?? <span className="muted">—</span>}</td>
        </tr>
      ))}
    </DataTable>
  );
}
