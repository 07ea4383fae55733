import { Link, useParams } from 'react-router';
import type { Customer } from '../../api/client';
import { hasSwaRole, useMe } from '../../auth/session';
import { ErrorNotice, Flash, Loading } from '../../components/feedback';
import { PagedList } from '../../components/PagedList';
import { PageHeader, Section } from '../../components/page';
import { countryName, formatDateTime } from '../../lib/format';
import { LocationTable } from '../locations/LocationTable';
import { SwaLegend } from '../swa/SwaStatusIcon';
import { useCustomer, useCustomerLocations } from './queries';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

function Details({ c }: { c: Customer }) {
  const address = [c.address, [c.postal_code, c.city].filter(Boolean).join(' '), countryName(c.country) ?? c.country]
    .filter(Boolean)
    .join(', ');
  const rows: [string, string | null | undefined][] = [
    ['Address', address],
    ['Contact', c.contact_name],
    ['E-mail', c.email],
    ['Phone', c.phone],
    ['Reference note', c.reference_note],
    ['Created', formatDateTime(c.created_at)],
  ];
  return (
    <dl className="details">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v || <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A fresh page (state, messages) for every customer. */
export function CustomerRoute() {
  const { customerId = '' } = useParams();
  return <CustomerPage key={customerId} customerId={customerId} />;
}

function CustomerPage({ customerId }: { customerId: string }) {
  const me = useMe();
  const customer = useCustomer(customerId);
  const locations = useCustomerLocations(customerId);

  if (customer.isPending) return <Loading what="the customer" />;
  if (customer.isError) return <ErrorNotice error={customer.error} title="The customer could not be loaded" />;
  const c = customer.data;

  return (
    <>
      <PageHeader
        title={c.name}
        crumbs={[{ label: 'Customers', to: '/customers' }, { label: c.name }]}
        actions={
          me.partner && (
            <>
              {hasSwaRole(me) && (
                <Link to={`/customers/${c.id}/swa-renewal`} className="button">
                  Renew SWA
                </Link>
              )}
              <Link to={`/customers/${c.id}/edit`} className="button">
                Edit customer
              </Link>
            </>
          )
        }
      />
      <Flash />
      <Section title="Details">
        <Details c={c} />
      </Section>
      <Section
        title="Locations"
        actions={
          <>
            <ExportCsvButton download={csvExports.customerLocations(c.id)} />
            {me.partner && (
              <Link to={`/customers/${c.id}/locations/new`} className="button button-primary">
                Add location
              </Link>
            )}
          </>
        }
      >
        <PagedList query={locations} what="locations" empty="This customer has no locations yet.">
          {(all) => <LocationTable locations={all} caption={`Locations of ${c.name}`} />}
        </PagedList>
        <SwaLegend />
      </Section>
    </>
  );
}
