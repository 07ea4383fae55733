import { useState, type FormEvent } from 'react';
import type { Role } from '../../api/client';
import { SelectField, SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { PagedTable } from '../../components/PagedList';
import { PageHeader, Section } from '../../components/page';
import { useAllPartners, useCreateUser, useUsers } from './queries';
import { RolesFieldset } from './roles';
import { UserRow } from './UserRow';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

function NewUserForm() {
  const create = useCreateUser();
  const partners = useAllPartners();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [roles, setRoles] = useState<Role[]>(['lms_user']);
  const errors = splitError(create.error, ['email', 'name', 'password', 'partner_id', 'roles']);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body = { email: email.trim(), name: name.trim(), password, partner_id: partnerId || null, roles };
    create.mutate(body, {
      onSuccess: () => {
        setEmail('');
        setName('');
        setPassword('');
      },
    });
  }

  const rolesError = errors.field('roles');
  return (
    <form onSubmit={submit} className="form" aria-label="New user" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      {create.data && <Notice kind="success">{`User ${create.data.email} created.`}</Notice>}
      <div className="grid-2">
        <TextField label="Name" required autoComplete="off" {...errors.bind('name', name, setName)} />
        <TextField
          label="E-mail (login)"
          type="email"
          required
          autoComplete="off"
          {...errors.bind('email', email, setEmail)}
        />
        <TextField
          label="Initial password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 10 characters. Hand it over securely."
          {...errors.bind('password', password, setPassword)}
        />
        <SelectField
          label="Partner"
          {...errors.bind('partner_id', partnerId, setPartnerId)}
          hint={partners.isError ? 'The partners could not be loaded.' : undefined}
        >
          <option value="">None — vendor staff</option>
          {partners.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — {p.tier}
            </option>
          ))}
        </SelectField>
      </div>
      <RolesFieldset roles={roles} onChange={setRoles} error={rolesError} />
      <div className="form-actions">
        <SubmitButton pending={create.isPending}>Create user</SubmitButton>
      </div>
    </form>
  );
}

export function UsersPage() {
  const users = useUsers();
  return (
    <>
      <PageHeader title="Users" />
      <Section title="New user">
        <NewUserForm />
      </Section>
      <Section title="All users" actions={<ExportCsvButton download={csvExports.users()} />}>
        <PagedTable
          query={users}
          what="users"
          caption="Users by e-mail"
          head={
            <>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">Partner</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </>
          }
          itemKey={(u) => u.id}
          row={(u) => <UserRow user={u} />}
        />
      </Section>
    </>
  );
}
