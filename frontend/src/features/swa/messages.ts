// What the portal says after SWA was assigned.
import type { SwaAssignment } from '../../api/client';
import { formatDate, formatDateTime } from '../../lib/format';

export function assignedMessage(locationName: string, a: SwaAssignment): string {
  const what = `SWA assigned to ${locationName}: ${a.total_units} units, agreement ${a.agreement_number}`;
  return a.status === 'active'
    ? `${what}, active until ${formatDate(a.expires_on)}.`
    : `${what}, in its cooling-off until ${formatDateTime(a.cooling_off_until)} (you can cancel it until then).`;
}
