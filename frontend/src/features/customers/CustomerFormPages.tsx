import { useNavigate, useParams } from 'react-router';
import type { CustomerBody, CustomerPatch } from '../../api/client';
import { ErrorNotice, Loading, type FlashState } from '../../components/feedback';
import { PageHeader } from '../../components/page';
import { CustomerForm, customerValues, OPTIONAL_CUSTOMER_FIELDS, type CustomerValues } from './CustomerForm';
import { useCreateCustomer, useCustomer, useUpdateCustomer } from './queries';

export function NewCustomerPage() {
  const navigate = useNavigate();
  const create = useCreateCustomer();

  function submit(v: CustomerValues) {
    const body: CustomerBody = { name: v.name.trim(), country: v.country.trim() };
    for (const f of OPTIONAL_CUSTOMER_FIELDS) if (v[f].trim()) body[f] = v[f].trim();
    create.mutate(body, {
      onSuccess: (created) => {
        const state: FlashState = { flash: `Customer “${created.name}” created. Add its first location below.` };
        navigate(`/customers/${created.id}`, { state });
      },
    });
  }

  return (
    <>
      <PageHeader title="New customer" crumbs={[{ label: 'Customers', to: '/customers' }, { label: 'New' }]} />
      <CustomerForm
        initial={customerValues()}
        submitLabel="Create customer"
        cancelTo="/customers"
        submission={create}
        onSubmit={submit}
      />
    </>
  );
}

export function EditCustomerPage() {
  const { customerId = '' } = useParams();
  const navigate = useNavigate();
  const customer = useCustomer(customerId);
  const update = useUpdateCustomer(customerId);

  if (customer.isPending) return <Loading what="the customer" />;
  if (customer.isError) return <ErrorNotice error={customer.error} />;
  const initial = customerValues(customer.data);

  function submit(v: CustomerValues) {
    // Send only what changed; an emptied optional field is cleared with null.
    const body: CustomerPatch = {};
    if (v.name.trim() !== initial.name) body.name = v.name.trim();
    if (v.country.trim() !== initial.country) body.country = v.country.trim();
    for (const f of OPTIONAL_CUSTOMER_FIELDS) {
      const now = v[f].trim();
      if (now !== initial[f]) body[f] = now === '' ? null : now;
    }
    update.mutate(body, {
      onSuccess: () => {
        const state: FlashState = { flash: 'Customer saved.' };
        navigate(`/customers/${customerId}`, { state });
      },
    });
  }

  return (
    <>
      <PageHeader
        title={`Edit ${customer.data.name}`}
        crumbs={[
          { label: 'Customers', to: '/customers' },
          { label: customer.data.name, to: `/customers/${customerId}` },
          { label: 'Edit' },
        ]}
      />
      <CustomerForm
        initial={initial}
        submitLabel="Save changes"
        cancelTo={`/customers/${customerId}`}
        submission={update}
        onSubmit={submit}
      />
    </>
  );
}
