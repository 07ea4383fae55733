// Change your own password: the current one, the new one twice. Every session ends with it,
// so the portal logs in again with the new password and the user stays on the page.
import { useState, type FormEvent } from 'react';
import { SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { useChangePassword } from './queries';

const MIN = 10;
const MAX = 128;

/** The portal's own checks, so a mistyped repetition never reaches the server. */
function check(next: string, repeated: string): { field: string; message: string } | null {
  if (next.length < MIN || next.length > MAX)
    return { field: 'new_password', message: `The new password must be ${MIN} to ${MAX} characters long.` };
  if (next !== repeated) return { field: 'repeat', message: 'The two new passwords differ.' };
  return null;
}

export function PasswordForm() {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [invalid, setInvalid] = useState<{ field: string; message: string } | null>(null);
  const errors = splitError(change.error, ['current_password', 'new_password']);
  const fieldError = (name: string) => (invalid?.field === name ? invalid.message : errors.field(name));

  function submit(e: FormEvent) {
    e.preventDefault();
    change.reset();
    const problem = check(next, repeated);
    setInvalid(problem);
    if (problem) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeated('');
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="form" aria-label="Change your password" noValidate>
      {change.data?.loggedInAgain === true && (
        <Notice kind="success" title="Password changed.">
          Your other sessions have ended; you are still logged in here. Use the new password from now on. API keys keep
          working.
        </Notice>
      )}
      {change.data?.loggedInAgain === false && (
        <Notice kind="info" title="Password changed.">
          Every session has ended. Log in again with the new password.
        </Notice>
      )}
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <TextField
        label="Current password"
        type="password"
        required
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={fieldError('current_password')}
      />
      <div className="grid-2">
        <TextField
          label="New password"
          type="password"
          required
          autoComplete="new-password"
          hint={`${MIN} to ${MAX} characters; a passphrase of several words is easy to remember.`}
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={fieldError('new_password')}
        />
        <TextField
          label="Repeat the new password"
          type="password"
          required
          autoComplete="new-password"
          value={repeated}
          onChange={(e) => setRepeated(e.target.value)}
          error={fieldError('repeat')}
        />
      </div>
      <div className="form-actions">
        <SubmitButton pending={change.isPending} busyLabel="Changing…">
          Change password
        </SubmitButton>
      </div>
    </form>
  );
}
