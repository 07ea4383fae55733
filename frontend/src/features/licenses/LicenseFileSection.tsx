// A location's license file: download it, regenerate it, and what it holds.
import { Link } from 'react-router';
import type { Location, Stacked, SystemTypeInfo } from '../../api/client';
import { Notice } from '../../components/feedback';
import { Section } from '../../components/page';
import type { LicenseActions } from './licenseActions';
import { StackedTable } from './StackedTable';

export function LicenseFileSection({
  l,
  type,
  stacked,
  activatedCount,
  canChange,
  actions,
}: {
  l: Location;
  type: SystemTypeInfo | undefined;
  stacked: Stacked[];
  activatedCount: number;
  canChange: boolean;
  actions: LicenseActions;
}) {
  const { downloadProblem: problem, regenerated } = actions;
  return (
    <Section
      title="License file"
      actions={
        <>
          <button type="button" className="button" onClick={actions.download} disabled={actions.downloading}>
            {actions.downloading ? 'Downloading…' : 'Download license file'}
          </button>
          {canChange && type?.license_file !== 'external' && (
            <button
              type="button"
              className="button"
              onClick={actions.regenerate}
              disabled={actions.busy || activatedCount === 0}
            >
              Regenerate
            </button>
          )}
        </>
      }
    >
      {problem && <Notice kind={problem.kind}>{problem.text}</Notice>}
      {regenerated && (
        <Notice kind="success">
          A new license file <code>{regenerated.name}</code> was produced from everything activated so far
          {regenerated.activation_code ? (
            <>
              {' '}
              (activation code <code className="activation-code">{regenerated.activation_code}</code>)
            </>
          ) : null}
          . Download it to load it into the system.
        </Notice>
      )}
      {stacked.length === 0 ? (
        <p className="empty">The license file holds nothing yet: activate licenses to produce it.</p>
      ) : (
        <>
          <p className="hint table-hint">
            Everything ever activated here, stacked: quantities add up and for versions the highest counts. Check a
            downloaded file offline with <code>lms verify</code> (see <Link to="/help#licenses">Help</Link>).
          </p>
          <StackedTable stacked={stacked} caption={`What the license file of ${l.name} holds`} />
        </>
      )}
    </Section>
  );
}
