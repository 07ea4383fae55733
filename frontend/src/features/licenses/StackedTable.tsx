// What a location's license file holds: each feature stacked over everything activated, and
// the part numbers it came from.
import type { Stacked } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { KIND_LABEL, featureValue } from './stackedFeatures';

/** A feature's name as the API gives it, with its catalog key beside it. */
export function FeatureName({ feature, name }: { feature: string; name: string }) {
  return (
    <>
      {name} <code className="muted feature-key">{feature}</code>
    </>
  );
}

export function StackedTable({ stacked, caption }: { stacked: Stacked[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      head={<ColumnHeads names={['Feature', 'Kind', 'Value', 'From parts']} numeric={['Value']} />}
    >
      {stacked.map((s) => (
        <tr key={s.feature}>
          <th scope="row">
            <FeatureName feature={s.feature} name={s.feature_name} />
          </th>
          <td>{KIND_LABEL[s.kind]}</td>
          <td className="num">
            <strong>{featureValue(s.kind, s.value)}</strong>
          </td>
          <td>
            {s.part_numbers.map((p) => (
              <code key={p} className="part-chip">
                {p}
              </code>
            ))}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
