import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Tier } from '../../api/client';
import { SelectField, TextField } from '../../components/fields';
import { ErrorNotice, Loading, Notice, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { TIER_LABEL } from './queries';

function NewPartnerForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [tier, setTier] = useState<Tier>('dealer');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = splitError(error, ['name', 'tier']);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const created = await call(api.POST('/api/v1/admin/partners', { body: { name: name.trim(), tier } }));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'partners'] });
      setDone(`Partner “${created.name}” created.`);
      setName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="form" aria-label="New partner" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      <div className="grid-2">
        <TextField
          label="Partner name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.field('name')}
        />
        <SelectField
          label="Tier"
          required
          value={tier}
          onChange={(e) => setTier(e.target.value as Tier)}
          error={errors.field('tier')}
        >
          <option value="distributor">{TIER_LABEL.distributor}</option>
          <option value="dealer">{TIER_LABEL.dealer}</option>
        </SelectField>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Create partner
        </button>
      </div>
    </form>
  );
}

export function PartnersPage() {
  const partners = useInfiniteQuery({
    queryKey: ['admin', 'partners', 'pages'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/admin/partners', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = partners.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="Partners" />
      <Section title="New partner">
        <NewPartnerForm />
      </Section>
      <Section title="All partners">
        {partners.isPending && <Loading what="partners" />}
        {partners.isError && <ErrorNotice error={partners.error} />}
        {partners.isSuccess && items.length === 0 && <p className="empty">No partners yet.</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Partners by name</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Tier</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{TIER_LABEL[p.tier]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {partners.hasNextPage && (
          <button
            type="button"
            className="button"
            onClick={() => partners.fetchNextPage()}
            disabled={partners.isFetchingNextPage}
          >
            Show more partners
          </button>
        )}
      </Section>
    </>
  );
}
