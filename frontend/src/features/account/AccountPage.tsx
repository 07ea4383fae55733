// The signed-in user's own account: who they are, their password, a way to their API keys.
import { Link } from 'react-router';
import { useMe } from '../../auth/session';
import { PageHeader, Section } from '../../components/page';
import { roleLabel } from '../admin/roles';
import { PasswordForm } from './PasswordForm';

export function AccountPage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Your account"
        actions={
          <Link to="/account/api-keys" className="button">
            API keys
          </Link>
        }
      />
      <Section title="Details">
        <dl className="details">
          <div>
            <dt>Name</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>E-mail (login)</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Partner</dt>
            <dd>{me.partner ? me.partner.name : 'Vendor staff'}</dd>
          </div>
          <div>
            <dt>Roles</dt>
            <dd>{me.roles.map(roleLabel).join(', ')}</dd>
          </div>
        </dl>
        <p className="hint">A vendor administrator changes names and roles.</p>
      </Section>
      <Section title="Change password">
        <PasswordForm />
      </Section>
    </>
  );
}
