// A location's licenses (SPEC §2 steps 4–6, §5): what is attached (detach, or select and
// activate after a preview and the license agreement), what is activated, the stacked
// result the license file holds (download, regenerate), DECT uploads and demo licenses.
import type { Location, SystemTypeInfo } from '../../api/client';
import { ErrorNotice, Loading, Notice } from '../../components/feedback';
import { Section } from '../../components/page';
import { ActivatedTable } from './ActivatedTable';
import { ActivationDone } from './ActivationDone';
import { AttachedLicenses } from './AttachedLicenses';
import { DectUpload } from './DectUpload';
import { DemoLicenses } from './DemoLicenses';
import { LicenseFileSection } from './LicenseFileSection';
import { useLicenseActions } from './licenseActions';
import { useLocationLicenses } from './queries';
import { SwaOffer } from '../swa/SwaOffer';
import { MigrationSection } from '../locations/MigrationSection';

export function LocationLicenses({
  l,
  type,
  canChange,
}: {
  l: Location;
  type: SystemTypeInfo | undefined;
  canChange: boolean;
}) {
  const licenses = useLocationLicenses(l.id);
  const typeName = type?.name ?? l.system_type;
  const actions = useLicenseActions(l, typeName);

  if (licenses.isPending)
    return (
      <Section title="Licenses">
        <Loading what="the licenses" />
      </Section>
    );
  if (licenses.isError)
    return (
      <Section title="Licenses">
        <ErrorNotice error={licenses.error} title="The licenses could not be loaded" />
      </Section>
    );
  const { attached, activated, stacked, migrated } = licenses.data;

  // A migrated location keeps only the record of what it had: nothing here can change.
  if (l.migrated_to)
    return (
      <div className="location-licenses" data-area="licenses">
        <Section title="Licenses as they were (migrated)">
          {migrated.length === 0 ? (
            <p className="empty">Nothing was activated here.</p>
          ) : (
            <ActivatedTable
              rows={migrated}
              locationName={l.name}
              caption={`Licenses of ${l.name} as they were activated, before the migration`}
            />
          )}
        </Section>
      </div>
    );

  return (
    <div className="location-licenses" data-area="licenses">
      {actions.activated && (
        <ActivationDone
          done={actions.activated}
          typeName={typeName}
          onDownload={actions.download}
          downloading={actions.downloading}
        />
      )}
      {actions.activated?.swa_quote && canChange && (
        <SwaOffer key={actions.activated.id} l={l} quote={actions.activated.swa_quote} />
      )}
      {actions.message && <Notice kind="success">{actions.message}</Notice>}
      <ErrorNotice error={actions.error} />

      <AttachedLicenses l={l} attached={attached} canChange={canChange} actions={actions} />

      <Section title="Activated licenses">
        {activated.length === 0 ? (
          <p className="empty">Nothing activated yet.</p>
        ) : (
          <ActivatedTable rows={activated} locationName={l.name} />
        )}
      </Section>

      {canChange && type?.dect_upload && (
        <DectUpload
          l={l}
          activated={activated.length}
          onDownload={actions.download}
          downloading={actions.downloading}
        />
      )}

      <LicenseFileSection
        l={l}
        type={type}
        stacked={stacked}
        activatedCount={activated.length}
        canChange={canChange}
        actions={actions}
      />

      {type?.demo_licenses && <DemoLicenses l={l} canChange={canChange} />}

      {canChange && l.system_type === 'SV9100_CP10' && (
        <MigrationSection l={l} activated={activated} attached={attached} />
      )}
    </div>
  );
}
