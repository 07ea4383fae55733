import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useSession, type LoginState } from '../../auth/session';
import { TextField } from '../../components/fields';
import { Notice, errorMessage } from '../../components/feedback';
import { usePageTitle } from '../../lib/hooks';
import { useLogin } from './queries';

export function LoginPage() {
  usePageTitle('Log in');
  const { token } = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as LoginState;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error } = login;

  const target = state.from && state.from !== '/login' ? state.from : '/';
  if (token && !login.isPending) return <Navigate to={target} replace />;

  function submit(e: FormEvent) {
    e.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(target, { replace: true }) });
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
          <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
            {login.isPending ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </div>
    </main>
  );
}
