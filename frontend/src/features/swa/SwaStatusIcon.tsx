// A location's SWA status as an icon with a text alternative, the same everywhere (customer
// and location pages, Easy Nav), and the legend that explains the icons.
import type { SwaStatus } from '../../api/client';

export const SWA_STATUSES: { status: SwaStatus; label: string; symbol: string; text: string }[] = [
  { status: 'none', label: 'No SWA', symbol: '–', text: 'No Software Assurance (a quote adds reinstatement units).' },
  { status: 'grace', label: 'Grace period', symbol: '◔', text: 'Licenses activated: assign SWA before grace ends.' },
  { status: 'cooling_off', label: 'Cooling-off', symbol: '⏳', text: 'Assigned; can be cancelled for 24 hours.' },
  { status: 'active', label: 'Active', symbol: '✓', text: 'SWA covers the location.' },
  { status: 'expired', label: 'Expired', symbol: '✕', text: 'SWA ended; renewing adds reinstatement units.' },
  { status: 'renewable', label: 'Renewable', symbol: '↻', text: 'SWA ends within 90 days: renew it now.' },
];

export function swaStatusLabel(status: SwaStatus): string {
  return SWA_STATUSES.find((s) => s.status === status)?.label ?? status;
}

/** The status icon; `withLabel` writes the status beside it. */
export function SwaStatusIcon({ status, withLabel }: { status: SwaStatus; withLabel?: boolean }) {
  const s = SWA_STATUSES.find((x) => x.status === status);
  const label = `SWA status: ${s?.label ?? status}`;
  return (
    <span className="swa-status" data-swa-status={status}>
      <span className={`swa-icon swa-icon-${status}`} role="img" aria-label={label} title={label}>
        <span aria-hidden="true">{s?.symbol ?? '?'}</span>
      </span>
      {withLabel && (
        <span className="swa-status-label" aria-hidden="true">
          {s?.label ?? status}
        </span>
      )}
    </span>
  );
}

/** What each status icon means. */
export function SwaLegend() {
  return (
    <details className="swa-legend">
      <summary>What the SWA status icons mean</summary>
      <ul aria-label="SWA status icons">
        {SWA_STATUSES.map((s) => (
          <li key={s.status}>
            <span className={`swa-icon swa-icon-${s.status}`} aria-hidden="true">
              {s.symbol}
            </span>{' '}
            <strong>{s.label}</strong> <span className="muted">{s.text}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
