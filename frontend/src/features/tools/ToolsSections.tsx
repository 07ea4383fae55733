// The sections of the Tools page (SPEC §8) that live here: the distributor's resold licenses and
// SWA units, and the location look-up. Each is a card the page lists.
import { useMe } from '../../auth/session';
import { Section } from '../../components/page';
import { isDistributor, isSwaDistributorAdmin } from '../reships/access';
import { ResoldLicenses } from '../reships/ResoldLicenses';
import { ResoldSwaUnits } from '../reships/ResoldSwaUnits';
import { SwaReshipForm } from '../reships/SwaReshipForm';
import { LocationLookup } from './LocationLookup';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

/** Resold licenses, and for SWA distributor admins resold SWA units and their reship; distributors only. */
export function ResoldSection() {
  const me = useMe();
  if (!isDistributor(me)) return null;
  return (
    <>
      <Section title="Resold licenses" id="resold-licenses">
        <ResoldLicenses />
      </Section>
      {isSwaDistributorAdmin(me) && (
        <Section
          title="Resold SWA units"
          id="resold-swa-units"
          actions={<ExportCsvButton download={csvExports.swaReships()} />}
        >
          <ResoldSwaUnits />
          <details className="tool-disclosure">
            <summary>Reship SWA units…</summary>
            <SwaReshipForm />
          </details>
        </Section>
      )}
    </>
  );
}

/** Find a location by name or HWKC and open it; every partner user. */
export function LocationLookupSection() {
  const me = useMe();
  if (!me.partner) return null;
  return (
    <Section title="Location look-up" id="location-lookup">
      <LocationLookup />
    </Section>
  );
}
