import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { SelectField } from '../../components/fields';
import { ErrorNotice, Loading, Notice, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { formatDateTime } from '../../lib/format';
import { useAllPartners } from './queries';

export function AllowancesPage() {
  const queryClient = useQueryClient();
  const partners = useAllPartners();
  const allowances = useQuery({
    queryKey: ['admin', 'allowances'],
    queryFn: () => call(api.GET('/api/v1/admin/shipping-allowances')),
  });
  const [distributorId, setDistributorId] = useState('');
  const [dealerId, setDealerId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = splitError(error, ['distributor_id', 'dealer_id']);

  const partnerName = (id: string) => partners.data?.find((p) => p.id === id)?.name ?? id;
  const distributors = partners.data?.filter((p) => p.tier === 'distributor') ?? [];
  const dealers = partners.data?.filter((p) => p.tier === 'dealer') ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await call(
        api.POST('/api/v1/admin/shipping-allowances', { body: { distributor_id: distributorId, dealer_id: dealerId } }),
      );
      await queryClient.invalidateQueries({ queryKey: ['admin', 'allowances'] });
      setDone(`${partnerName(distributorId)} may now reship to and act for ${partnerName(dealerId)}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const items = allowances.data?.items ?? [];
  return (
    <>
      <PageHeader title="Shipping allowances">
        <p className="lead">
          A shipping allowance lets a distributor reship licenses to a dealer and act for the dealer’s users.
        </p>
      </PageHeader>
      <Section title="New shipping allowance">
        {partners.isError && <ErrorNotice error={partners.error} title="The partners could not be loaded" />}
        <form onSubmit={submit} className="form" aria-label="New shipping allowance" noValidate>
          {errors.general && <Notice kind="error">{errors.general}</Notice>}
          {done && <Notice kind="success">{done}</Notice>}
          <div className="grid-2">
            <SelectField
              label="Distributor"
              required
              value={distributorId}
              onChange={(e) => setDistributorId(e.target.value)}
              error={errors.field('distributor_id')}
            >
              <option value="">Choose a distributor…</option>
              {distributors.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Dealer"
              required
              value={dealerId}
              onChange={(e) => setDealerId(e.target.value)}
              error={errors.field('dealer_id')}
            >
              <option value="">Choose a dealer…</option>
              {dealers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy || !distributorId || !dealerId}>
              Allow shipping
            </button>
          </div>
        </form>
      </Section>
      <Section title="Current allowances">
        {allowances.isPending && <Loading what="shipping allowances" />}
        {allowances.isError && <ErrorNotice error={allowances.error} />}
        {allowances.isSuccess && items.length === 0 && <p className="empty">No shipping allowances yet.</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Shipping allowances</caption>
              <thead>
                <tr>
                  <th scope="col">Distributor</th>
                  <th scope="col">Dealer</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={`${a.distributor_id}-${a.dealer_id}`}>
                    <td>{partnerName(a.distributor_id)}</td>
                    <td>{partnerName(a.dealer_id)}</td>
                    <td>{formatDateTime(a.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </>
  );
}
