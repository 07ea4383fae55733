import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useSession, type LoginState } from '../../auth/session';
import { TextField } from '../../components/fields';
import { Notice, errorMessage } from '../../components/feedback';
import { usePageTitle } from '../../lib/hooks';

export function LoginPage() {
  usePageTitle('Log in');
  const { token, login } = useSession();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as LoginState;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const target = state.from && state.from !== '/login' ? state.from : '/';
  if (token && !busy) return <Navigate to={target} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login-page" id="main">
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            LMS
          </span>
          <div>
            <h1>License Management Server</h1>
            <p className="muted">Partner portal</p>
          </div>
        </div>
        {state.expired && !error && <Notice kind="info">Your session has ended. Please log in again.</Notice>}
        {error !== null && <Notice kind="error">{errorMessage(error)}</Notice>}
        <form onSubmit={submit} className="stack" aria-label="Log in">
          <TextField
            label="E-mail"
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="button button-primary button-block" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </div>
    </main>
  );
}
