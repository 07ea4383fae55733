import { useNavigate, useParams } from 'react-router';
import type { Location, LocationBody } from '../../api/client';
import { ErrorNotice, Loading, type FlashState } from '../../components/feedback';
import { PageHeader } from '../../components/page';
import { useCustomer } from '../customers/queries';
import { LocationForm } from './LocationForm';
import { topLevelTypes, useSystemTypes } from './systemTypes';
import { useCreateChildLocation, useCreateLocation, useLocationCrumbs, useLocationQuery } from './queries';

function createdMessage(location: Location, children: Location[]): string {
  const made = children.map((c) => `“${c.name}”`).join(', ');
  return `Location “${location.name}” created.${made ? ` Child location ${made} was created with it.` : ''}`;
}

export function NewLocationPage() {
  const { customerId = '' } = useParams();
  const navigate = useNavigate();
  const customer = useCustomer(customerId);
  const types = useSystemTypes();
  const create = useCreateLocation(customerId);

  if (customer.isPending || types.isPending) return <Loading what="the form" />;
  if (customer.isError) return <ErrorNotice error={customer.error} title="The customer could not be loaded" />;
  if (types.isError) return <ErrorNotice error={types.error} title="The system types could not be loaded" />;

  function submit(body: LocationBody) {
    create.mutate(body, {
      onSuccess: ({ location, children }) => {
        const state: FlashState = { flash: createdMessage(location, children) };
        navigate(`/locations/${location.id}`, { state });
      },
    });
  }

  const c = customer.data;
  return (
    <>
      <PageHeader
        title="Add location"
        crumbs={[
          { label: 'Customers', to: '/customers' },
          { label: c.name, to: `/customers/${c.id}` },
          { label: 'Add location' },
        ]}
      >
        <p className="lead">A location is one system at {c.name}, identified by its hardware key code.</p>
      </PageHeader>
      <LocationForm
        types={topLevelTypes(types.data)}
        submitLabel="Create location"
        cancelTo={`/customers/${c.id}`}
        submission={create}
        onSubmit={submit}
      />
    </>
  );
}

export function NewChildLocationPage() {
  const { locationId = '' } = useParams();
  const navigate = useNavigate();
  const parent = useLocationQuery(locationId);
  const crumbs = useLocationCrumbs(parent.data);
  const types = useSystemTypes();
  const create = useCreateChildLocation(locationId);

  if (parent.isPending || types.isPending) return <Loading what="the form" />;
  if (parent.isError) return <ErrorNotice error={parent.error} title="The location could not be loaded" />;
  if (types.isError) return <ErrorNotice error={types.error} title="The system types could not be loaded" />;

  const p = parent.data;
  const allowed = types.data.find((t) => t.code === p.system_type)?.child_types ?? [];
  const offered = types.data.filter((t) => allowed.includes(t.code));

  function submit(body: LocationBody) {
    create.mutate(body, {
      onSuccess: (child) => {
        const state: FlashState = { flash: `Child location “${child.name}” created under “${p.name}”.` };
        navigate(`/locations/${child.id}`, { state });
      },
    });
  }

  return (
    <>
      <PageHeader
        title="Add child location"
        crumbs={[...crumbs, { label: p.name, to: `/locations/${p.id}` }, { label: 'Add child location' }]}
      >
        <p className="lead">
          Under <strong>{p.name}</strong> (<code className="hwkc">{p.hwkc}</code>).
        </p>
      </PageHeader>
      {offered.length === 0 ? (
        <ErrorNotice error={new Error('A location of this system type cannot have child locations.')} />
      ) : (
        <LocationForm
          types={offered}
          parentHwkc={p.hwkc}
          submitLabel="Create child location"
          cancelTo={`/locations/${p.id}`}
          submission={create}
          onSubmit={submit}
        />
      )}
    </>
  );
}
