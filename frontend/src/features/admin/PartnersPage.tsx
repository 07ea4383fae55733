import { useState, type FormEvent } from 'react';
import type { Tier } from '../../api/client';
import { SelectField, SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { PagedTable } from '../../components/PagedList';
import { PageHeader, Section } from '../../components/page';
import { TIER_LABEL, useCreatePartner, usePartners } from './queries';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

function NewPartnerForm() {
  const create = useCreatePartner();
  const [name, setName] = useState('');
  const [tier, setTier] = useState<Tier>('dealer');
  const errors = splitError(create.error, ['name', 'tier']);

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ name: name.trim(), tier }, { onSuccess: () => setName('') });
  }

  return (
    <form onSubmit={submit} className="form" aria-label="New partner" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      {create.data && <Notice kind="success">{`Partner “${create.data.name}” created.`}</Notice>}
      <div className="grid-2">
        <TextField label="Partner name" required {...errors.bind('name', name, setName)} />
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
        <SubmitButton pending={create.isPending}>Create partner</SubmitButton>
      </div>
    </form>
  );
}

export function PartnersPage() {
  const partners = usePartners();
  return (
    <>
      <PageHeader title="Partners" />
      <Section title="New partner">
        <NewPartnerForm />
      </Section>
      <Section title="All partners" actions={<ExportCsvButton download={csvExports.partners()} />}>
        <PagedTable
          query={partners}
          what="partners"
          empty="No partners yet."
          caption="Partners by name"
          head={
            <>
              <th scope="col">Name</th>
              <th scope="col">Tier</th>
            </>
          }
          itemKey={(p) => p.id}
          row={(p) => (
            <tr>
              <th scope="row">{p.name}</th>
              <td>{TIER_LABEL[p.tier]}</td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}
