// A location's page: its details (and editing them), the way from a temporary key to the real
// HWKC where its type has one, its licenses, child locations and histories.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasSwaRole, isVendorAdmin, useMe } from '../../auth/session';
import { ErrorNotice, Flash, Loading, Notice } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { ChangeHistory } from '../licenses/ChangeHistory';
import { LocationLicenses } from '../licenses/LocationLicenses';
import { LocationSwaSection } from '../swa/LocationSwaSection';
import { ChildLocationsSection } from './ChildLocationsSection';
import { EditLocationForm } from './EditLocationForm';
import { HwkcHistorySection } from './HwkcHistorySection';
import { LocationDetails } from './LocationDetails';
import { MigratedNotice } from './MigrationSection';
import { ServerHwkcSection } from './ServerHwkcSection';
import { useLocationCrumbs, useLocationQuery } from './queries';
import { useSystemType } from './systemTypes';

/** A fresh page (edit mode, messages) for every location, also when going to a child. */
export function LocationRoute() {
  const { locationId = '' } = useParams();
  return <LocationPage key={locationId} locationId={locationId} />;
}

function LocationPage({ locationId }: { locationId: string }) {
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const location = useLocationQuery(locationId);
  const crumbs = useLocationCrumbs(location.data);
  const type = useSystemType(location.data?.system_type);

  if (location.isPending) return <Loading what="the location" />;
  if (location.isError) return <ErrorNotice error={location.error} title="The location could not be loaded" />;
  const l = location.data;
  // A migrated location is read-only: its licenses live on the location it migrated to.
  const canChange = me.partner != null && !l.migrated_to;

  return (
    <>
      <PageHeader
        title={l.name}
        crumbs={crumbs}
        actions={
          ((canChange && !editing) || (isVendorAdmin(me) && !l.migrated_to)) && (
            <>
              {canChange && !editing && (
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setEditing(true);
                    setMessage(null);
                  }}
                >
                  Edit location
                </button>
              )}
              {isVendorAdmin(me) && !l.migrated_to && (
                <Link className="button" to={`/admin/hardware-replacement?location=${l.id}`}>
                  Replace hardware
                </Link>
              )}
            </>
          )
        }
      />
      {message ? <Notice kind="success">{message}</Notice> : <Flash />}
      <MigratedNotice l={l} />

      <div className="location-grid">
        <div className="location-main">
          <Section title={editing ? 'Edit location' : 'Details'}>
            {editing ? (
              <EditLocationForm
                l={l}
                type={type}
                onDone={(saved) => {
                  setEditing(false);
                  if (saved) setMessage('Location saved.');
                }}
              />
            ) : (
              <LocationDetails l={l} />
            )}
          </Section>

          {canChange && type?.input === 'ip_address' && l.temp_key && (
            <ServerHwkcSection l={l} feature={type.temp_key_feature ?? null} onDone={setMessage} />
          )}

          {canChange && hasSwaRole(me) && <LocationSwaSection l={l} />}
          <LocationLicenses l={l} type={type} canChange={canChange} />
          <ChildLocationsSection l={l} type={type} canChange={canChange} />
          <HwkcHistorySection l={l} />
          <ChangeHistory l={l} />
        </div>
      </div>
    </>
  );
}
