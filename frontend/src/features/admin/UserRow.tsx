// One row of Admin → Users: the account, and its changes — name and roles (an edit form
// under the row), disable and enable. Refusals show at the field or in the row.
import { useState, type FormEvent } from 'react';
import type { Role, User } from '../../api/client';
import { SubmitButton, TextField } from '../../components/fields';
import { Notice, errorMessage, splitError } from '../../components/feedback';
import { RolesFieldset, roleLabel } from './roles';
import { useUpdateUser } from './queries';

const COLUMNS = 6;

function EditUserForm({ user, onDone }: { user: User; onDone: () => void }) {
  const update = useUpdateUser(user.id);
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const errors = splitError(update.error, ['name', 'roles']);

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate({ name: name.trim(), roles }, { onSuccess: onDone });
  }

  return (
    <form onSubmit={submit} className="form" aria-label={`Edit ${user.email}`} noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <TextField label="Name" required autoComplete="off" {...errors.bind('name', name, setName)} />
      <RolesFieldset roles={roles} onChange={setRoles} error={errors.field('roles')} />
      <div className="form-actions">
        <SubmitButton pending={update.isPending} busyLabel="Saving…">
          Save changes
        </SubmitButton>
        <button type="button" className="button" onClick={onDone} disabled={update.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function UserRow({ user }: { user: User }) {
  const toggle = useUpdateUser(user.id);
  const [editing, setEditing] = useState(false);
  return (
    <>
      <tr className={user.disabled ? 'row-disabled' : undefined}>
        <th scope="row">{user.email}</th>
        <td>{user.name}</td>
        <td>{user.partner ? user.partner.name : <span className="muted">Vendor staff</span>}</td>
        <td>
          {user.roles.map((r) => (
            <span key={r} className="badge">
              {roleLabel(r)}
            </span>
          ))}
        </td>
        <td>{user.disabled ? <span className="badge badge-warn">Disabled</span> : 'Active'}</td>
        <td>
          <div className="row-actions">
            <button
              type="button"
              className="button button-small"
              aria-expanded={editing}
              onClick={() => setEditing((on) => !on)}
            >
              Edit<span className="visually-hidden"> {user.email}</span>
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ disabled: !user.disabled })}
            >
              {user.disabled ? 'Enable' : 'Disable'}
              <span className="visually-hidden"> {user.email}</span>
            </button>
          </div>
          {toggle.isError && (
            <p className="field-error" role="alert">
              {errorMessage(toggle.error)}
            </p>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="row-form">
          <td colSpan={COLUMNS}>
            <EditUserForm user={user} onDone={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}
