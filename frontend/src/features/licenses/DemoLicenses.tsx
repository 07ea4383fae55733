// Demo licenses: two per location, each a file that opens every feature for 30 days.
import { useId } from 'react';
import type { Location } from '../../api/client';
import { ErrorNotice, Notice } from '../../components/feedback';
import { Section } from '../../components/page';
import { plural } from '../../lib/format';
import { useIssueDemoLicense } from './queries';

export function DemoLicenses({ l, canChange }: { l: Location; canChange: boolean }) {
  const issue = useIssueDemoLicense(l);
  const reasonId = useId();
  const remaining = l.demo_licenses_remaining;
  return (
    <Section title="Demo licenses">
      <p>A demo license is a file that opens all features for 30 days, for a trial on site. Each location gets two.</p>
      <p className="demo-count" data-testid="demo-remaining">
        <strong>{remaining}</strong> of 2 demo licenses left
      </p>
      {issue.data && (
        <Notice kind="success">
          Demo license <code>{issue.data.name}</code> downloaded. It opens every feature for 30 days.{' '}
          {plural(issue.data.left, 'demo license')} left.
        </Notice>
      )}
      <ErrorNotice error={issue.error} title="No demo license was issued" />
      {canChange && (
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={issue.isPending || remaining <= 0}
            aria-describedby={remaining <= 0 ? reasonId : undefined}
            onClick={() => issue.mutate()}
          >
            {issue.isPending ? 'Issuing…' : 'Download a demo license'}
          </button>
          {remaining <= 0 && (
            <span id={reasonId} className="muted">
              Both demo licenses of this location have been used; no more can be issued.
            </span>
          )}
        </div>
      )}
    </Section>
  );
}
