// The preview of an activation: every feature of the license file now and after it, and the
// product rule it would break, if any.
import type { Preview } from '../../api/client';
import { ColumnHeads, DataTable } from '../../components/DataTable';
import { sentence } from '../../lib/format';
import { FeatureName } from './StackedTable';
import { compareStacked, featureValue } from './stackedFeatures';

export function ActivationPreview({ preview }: { preview: Preview }) {
  const violation = preview.rule_violation;
  return (
    <>
      <p>
        The license file <code>{preview.file_name}</code> for hardware key code{' '}
        <code className="hwkc">{preview.hwkc}</code> will hold:
      </p>
      <DataTable
        className="preview-table"
        caption="License file now and after the activation"
        head={<ColumnHeads names={['Feature', 'Now', 'After activation']} numeric={['Now', 'After activation']} />}
      >
        {compareStacked(preview.current, preview.after).map((row) => (
          <tr key={row.feature} className={row.changed ? 'row-changed' : undefined}>
            <th scope="row">
              <FeatureName feature={row.feature} name={row.name} />
            </th>
            <td className="num">
              {row.before ? featureValue(row.kind, row.before.value) : <span className="muted">—</span>}
            </td>
            <td className="num">
              <strong>{row.after ? featureValue(row.kind, row.after.value) : '—'}</strong>
              {row.changed && <span className="badge badge-ok">changes</span>}
            </td>
          </tr>
        ))}
      </DataTable>
      {violation && (
        <div className="notice notice-error rule-violation" role="alert" data-code={violation.code}>
          <strong className="notice-title">
            This activation would break a product rule <code>{violation.code}</code>
          </strong>
          <p>{sentence(violation.message)}.</p>
          <p className="user-action">
            <strong>What to do:</strong> {violation.user_action}
          </p>
        </div>
      )}
    </>
  );
}
