// Tools → "Impersonate a dealer user": a distributor's user acts as a user of one of its dealers
// (a shipping allowance is needed), vendor staff as any partner's user. The session keeps the
// user's own token; a banner on every page says whom the user acts as, with Stop.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { isVendorAdmin, mayImpersonate, useMe, useSession } from '../../auth/session';
import { SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { Section } from '../../components/page';

/** Distributors' users and vendor staff only, and not from inside an impersonation. */
export function ImpersonatePanel() {
  const me = useMe();
  return mayImpersonate(me) ? <ImpersonateForm /> : null;
}

function ImpersonateForm() {
  const me = useMe();
  const { impersonate } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const start = useMutation({ mutationFn: (userEmail: string) => impersonate(userEmail) });
  const errors = splitError(start.error, ['user_email']);

  function submit(e: FormEvent) {
    e.preventDefault();
    start.mutate(email.trim(), { onSuccess: () => navigate('/') });
  }

  return (
    <Section title="Impersonate a dealer user">
      <p>
        {isVendorAdmin(me)
          ? 'As vendor staff you can act as any partner’s user, to see and do exactly what they can.'
          : 'Act as a user of one of your dealers (your distributor needs a shipping allowance for the dealer), to see and do exactly what they can.'}{' '}
        Everything you do meanwhile is recorded as done by you on their behalf. Stop from the banner at the top of every
        page.
      </p>
      <form onSubmit={submit} className="form" aria-label="Impersonate a dealer user" noValidate>
        {errors.general && <Notice kind="error">{errors.general}</Notice>}
        <TextField
          label="User e-mail"
          type="email"
          required
          autoComplete="off"
          hint="The e-mail address the user logs in with."
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.field('user_email')}
        />
        <div className="form-actions">
          <SubmitButton pending={start.isPending} busyLabel="Starting…" disabled={email.trim() === ''}>
            Act as this user
          </SubmitButton>
        </div>
      </form>
    </Section>
  );
}
