// A location's child locations, and the way to add one when its type has child types.
import { Link } from 'react-router';
import type { Location, SystemTypeInfo } from '../../api/client';
import { ErrorNotice, Loading } from '../../components/feedback';
import { Section } from '../../components/page';
import { LocationTable } from './LocationTable';
import { useLocationChildren } from './queries';

export function ChildLocationsSection({
  l,
  type,
  canChange,
}: {
  l: Location;
  type: SystemTypeInfo | undefined;
  canChange: boolean;
}) {
  const children = useLocationChildren(l.id);
  const canHaveChildren = (type?.child_types.length ?? 0) > 0;
  return (
    <Section
      title="Child locations"
      actions={
        canChange &&
        canHaveChildren && (
          <Link to={`/locations/${l.id}/children/new`} className="button">
            Add child location
          </Link>
        )
      }
    >
      {children.isPending && <Loading what="child locations" />}
      {children.isError && <ErrorNotice error={children.error} />}
      {children.isSuccess &&
        (children.data.items.length === 0 ? (
          <p className="empty">
            {canHaveChildren
              ? 'No child locations.'
              : `${type?.name ?? l.system_type} locations have no child locations.`}
          </p>
        ) : (
          <LocationTable locations={children.data.items} caption={`Child locations of ${l.name}`} />
        ))}
    </Section>
  );
}
