// The location a picker settled on: its name, customer, system type and HWKC, with the
// actions to go on (choose another, open it).
import type { ReactNode } from 'react';
import type { Location } from '../../api/client';
import { useCustomerNames } from '../customers/queries';
import { useSystemTypeName } from './systemTypes';

export function PickedLocation({
  location,
  testId,
  children,
}: {
  location: Location;
  testId: string;
  /** The actions beside it. */
  children: ReactNode;
}) {
  const typeName = useSystemTypeName();
  const customer = useCustomerNames([location]).get(location.customer_id);
  return (
    <div className="picked" data-testid={testId}>
      <div>
        <div className="picked-name">{location.name}</div>
        <div className="muted">
          {customer ? `${customer} · ` : ''}
          {typeName(location.system_type)} · <code className="hwkc">{location.hwkc}</code>
        </div>
      </div>
      {children}
    </div>
  );
}
