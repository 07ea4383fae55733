import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, call, type Role } from '../../api/client';
import { SelectField, TextField } from '../../components/fields';
import { ErrorNotice, Loading, Notice, splitError } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { useAllPartners, useUsers } from './queries';
import { RolesFieldset } from './roles';
import { UserRow } from './UserRow';

function NewUserForm() {
  const queryClient = useQueryClient();
  const partners = useAllPartners();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [roles, setRoles] = useState<Role[]>(['lms_user']);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = splitError(error, ['email', 'name', 'password', 'partner_id', 'roles']);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body = { email: email.trim(), name: name.trim(), password, partner_id: partnerId || null, roles };
      const created = await call(api.POST('/api/v1/admin/users', { body }));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      setDone(`User ${created.email} created.`);
      setEmail('');
      setName('');
      setPassword('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const rolesError = errors.field('roles');
  return (
    <form onSubmit={submit} className="form" aria-label="New user" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
      <div className="grid-2">
        <TextField
          label="Name"
          required
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.field('name')}
        />
        <TextField
          label="E-mail (login)"
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.field('email')}
        />
        <TextField
          label="Initial password"
          type="password"
          required
          autoComplete="new-password"
          hint="At least 10 characters. Hand it over securely."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.field('password')}
        />
        <SelectField
          label="Partner"
          value={partnerId}
          onChange={(e) => setPartnerId(e.target.value)}
          error={errors.field('partner_id')}
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
        <button type="submit" className="button button-primary" disabled={busy}>
          Create user
        </button>
      </div>
    </form>
  );
}

export function UsersPage() {
  const users = useUsers();
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="Users" />
      <Section title="New user">
        <NewUserForm />
      </Section>
      <Section title="All users">
        {users.isPending && <Loading what="users" />}
        {users.isError && <ErrorNotice error={users.error} />}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Users by e-mail</caption>
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Name</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <UserRow key={u.id} user={u} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {users.hasNextPage && (
          <button
            type="button"
            className="button"
            onClick={() => users.fetchNextPage()}
            disabled={users.isFetchingNextPage}
          >
            Show more users
          </button>
        )}
      </Section>
    </>
  );
}
