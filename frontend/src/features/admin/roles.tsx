// The roles a user may hold, as the administrator reads them, and the checkboxes to pick them.
import { useId } from 'react';
import type { Role } from '../../api/client';

export const ROLES: { role: Role; label: string; text: string }[] = [
  { role: 'lms_user', label: 'LMS user', text: 'Customers, locations and licenses of the partner.' },
  { role: 'swa_dealer_admin', label: 'SWA dealer admin', text: 'Sees Software Assurance and assigns SWA units.' },
  {
    role: 'swa_distributor_admin',
    label: 'SWA distributor admin',
    text: 'Also reships SWA units to dealers (distributors only).',
  },
  {
    role: 'vendor_admin',
    label: 'Vendor administrator',
    text: 'Vendor staff: partners, users, allowances (no partner).',
  },
];

export const roleLabel = (r: Role) => ROLES.find((x) => x.role === r)?.label ?? r;

/** One checkbox per role; `error` (e.g. roles that do not fit the partner's tier) below them. */
export function RolesFieldset({
  roles,
  onChange,
  error,
  legend = 'Roles',
}: {
  roles: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
  legend?: string;
}) {
  const id = useId();
  return (
    <fieldset className={`checks${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {ROLES.map((r) => (
        <label key={r.role} className="check">
          <input
            type="checkbox"
            name="roles"
            value={r.role}
            checked={roles.includes(r.role)}
            onChange={(e) => onChange(e.target.checked ? [...roles, r.role] : roles.filter((x) => x !== r.role))}
          />
          <span>
            <strong>{r.label}</strong> <span className="muted">{r.text}</span>
          </span>
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
