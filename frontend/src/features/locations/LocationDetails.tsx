// A location's details as a list: type, HWKC (and whether it is a temporary key), the inputs it
// was identified by, its note and dates.
import type { ReactNode } from 'react';
import type { Location } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { SwaStatusIcon } from '../swa/SwaStatusIcon';
import { useSystemTypeName } from './systemTypes';

export function LocationDetails({ l }: { l: Location }) {
  const typeName = useSystemTypeName();
  const rows: [string, ReactNode][] = [
    ['System type', typeName(l.system_type)],
    [
      'Hardware key code',
      <>
        <code className="hwkc" data-testid="location-hwkc">
          {l.hwkc}
        </code>
        {l.temp_key && <span className="badge badge-warn">temporary key</span>}
      </>,
    ],
  ];
  const optional: [string, string | null | undefined][] = [
    ['Secondary HWKC', l.secondary_hwkc],
    ['Product key', l.product_key],
    ['MAC address', l.mac_address],
    ['IP address', l.ip_address],
    ['Full computer name', l.full_computer_name],
    ['Domain name', l.domain_name],
  ];
  for (const [label, value] of optional) if (value) rows.push([label, <code>{value}</code>]);
  rows.push(['Software Assurance', <SwaStatusIcon status={l.swa_status} withLabel />]);
  rows.push(['Reference note', l.reference_note || <span className="muted">—</span>]);
  rows.push(['Created', formatDateTime(l.created_at)]);
  if (l.updated_at !== l.created_at) rows.push(['Last changed', formatDateTime(l.updated_at)]);
  return (
    <dl className="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
