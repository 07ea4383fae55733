// Shipping allowances: which distributor may reship licenses to which dealer and act for the
// dealer's users.
import { useState, type FormEvent } from 'react';
import { DataTable } from '../../components/DataTable';
import { SelectField, SubmitButton } from '../../components/fields';
import { ErrorNotice, Loading, Notice, errorMessage, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { formatDateTime } from '../../lib/format';
import { useAllowances, useAllPartners, useCreateAllowance, useRemoveAllowance } from './queries';

export function AllowancesPage() {
  const partners = useAllPartners();
  const allowances = useAllowances();
  const create = useCreateAllowance();
  const remove = useRemoveAllowance();
  const removing = remove.isPending ? remove.variables : null;
  const [distributorId, setDistributorId] = useState('');
  const [dealerId, setDealerId] = useState('');
  const errors = splitError(create.error, ['distributor_id', 'dealer_id']);

  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? id;
  const distributors = partners.data?.filter((p) => p.tier === 'distributor') ?? [];
  const dealers = partners.data?.filter((p) => p.tier === 'dealer') ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ distributor_id: distributorId, dealer_id: dealerId });
  }
  const allowed = create.isSuccess ? create.variables : undefined;

  const items = allowances.data?.items ?? [];
  return (
    <>
      <PageHeader title="Shipping allowances">
        <p className="lead">
          A shipping allowance lets a distributor reship licenses to a dealer and act for the dealer’s users. Removing
          it stops both at once, also an impersonation under way.
        </p>
      </PageHeader>
      <Section title="New shipping allowance">
        {partners.isError && <ErrorNotice error={partners.error} title="The partners could not be loaded" />}
        <form onSubmit={submit} className="form" aria-label="New shipping allowance" noValidate>
          {errors.general && <Notice kind="error">{errors.general}</Notice>}
          {allowed && (
            <Notice kind="success">
              {`${partnerName(allowed.distributor_id)} may now reship to and act for ${partnerName(allowed.dealer_id)}.`}
            </Notice>
          )}
          <div className="grid-2">
            <SelectField
              label="Distributor"
              required
              {...errors.bind('distributor_id', distributorId, setDistributorId)}
            >
              <option value="">Choose a distributor…</option>
              {distributors.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Dealer" required {...errors.bind('dealer_id', dealerId, setDealerId)}>
              <option value="">Choose a dealer…</option>
              {dealers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="form-actions">
            <SubmitButton pending={create.isPending} disabled={!distributorId || !dealerId}>
              Allow shipping
            </SubmitButton>
          </div>
        </form>
      </Section>
      <Section title="Current allowances">
        {allowances.isPending && <Loading what="shipping allowances" />}
        {allowances.isError && <ErrorNotice error={allowances.error} />}
        {allowances.isSuccess && items.length === 0 && <p className="empty">No shipping allowances yet.</p>}
        {items.length > 0 && (
          <DataTable
            caption="Shipping allowances"
            head={
              <>
                <th scope="col">Distributor</th>
                <th scope="col">Dealer</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            {items.map((a) => (
              <tr key={a.id}>
                <td>{partnerName(a.distributor_id)}</td>
                <td>{partnerName(a.dealer_id)}</td>
                <td>{formatDateTime(a.created_at)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={removing !== null}
                    onClick={() => remove.mutate(a.id)}
                  >
                    {removing === a.id ? 'Removing…' : 'Remove'}
                    <span className="visually-hidden">
                      {' '}
                      {partnerName(a.distributor_id)} to {partnerName(a.dealer_id)}
                    </span>
                  </button>
                  {remove.isError && remove.variables === a.id && (
                    <p className="field-error" role="alert">
                      {errorMessage(remove.error)}
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>
    </>
  );
}
