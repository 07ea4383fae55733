// `/sso?assertion=…`: BusinessNet sends a logged-in partner here with a signed assertion; the
// page exchanges it for a session (`POST /auth/businessnet`) and goes home. The assertion is
// taken off the address at once, so it stays in neither the history nor a bookmark.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { Loading, Notice, errorMessage } from '../../components/feedback';
import { usePageTitle } from '../../lib/hooks';

// An assertion is accepted once: a second exchange (React's development double effect, a
// re-render) must reuse the first answer, never send it again.
const exchanges = new Map<string, Promise<void>>();

/** What the partner can do about a refused sign-on, by the server's code. */
function refusal(error: unknown): string {
  const code = error instanceof ApiError ? error.code : '';
  switch (code) {
    case 'SSO_ASSERTION_EXPIRED':
      return 'The sign-on link from BusinessNet has expired. Open LMS from BusinessNet again.';
    case 'SSO_ASSERTION_REPLAYED':
      return 'This sign-on link from BusinessNet was already used. Open LMS from BusinessNet again.';
    case 'SSO_UNKNOWN_USER':
      return 'BusinessNet signed you in, but LMS has no active user with your e-mail address. Ask your administrator.';
    case 'SSO_NOT_CONFIGURED':
      return 'Sign-on from BusinessNet is not set up on this server.';
    case 'SSO_ASSERTION_INVALID':
      return 'The sign-on link is not valid. Open LMS from BusinessNet again.';
    default:
      return errorMessage(error);
  }
}

export function SsoPage() {
  usePageTitle('Signing in');
  const { loginWithAssertion } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [assertion] = useState(() => params.get('assertion') ?? '');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!assertion) return;
    // Off the address bar before anything else.
    window.history.replaceState(window.history.state, '', '/sso');
    let exchange = exchanges.get(assertion);
    if (!exchange) {
      exchange = loginWithAssertion(assertion);
      exchanges.set(assertion, exchange);
    }
    let live = true;
    exchange.then(
      () => live && navigate('/', { replace: true }),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [assertion, loginWithAssertion, navigate]);

  const failure = assertion ? error : new Error('The sign-on link carries no assertion.');
  return (
    <main className="login-page" id="main">
      <div className="login-card">
        <h1>Signing in from BusinessNet</h1>
        {failure ? (
          <>
            <Notice kind="error">{refusal(failure)}</Notice>
            <p>
              <Link to="/login">Log in with your e-mail and password</Link>
            </p>
          </>
        ) : (
          <Loading what="your session" />
        )}
      </div>
    </main>
  );
}
