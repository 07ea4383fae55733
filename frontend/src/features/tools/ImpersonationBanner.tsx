// While impersonating: a banner on every page saying whom the user acts as, with Stop; and the
// notice shown once the server ended an impersonation (e.g. its shipping allowance was removed).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Me } from '../../api/client';
import { useSession } from '../../auth/session';
import { Notice, errorMessage } from '../../components/feedback';

/** "Acting as Dana Dealer (Zonneveld Telecom) — Stop". */
export function ImpersonationBanner({ me }: { me: Me }) {
  const { stopImpersonating } = useSession();
  const navigate = useNavigate();
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const impersonator = me.impersonator;
  if (!impersonator) return null;

  function stop() {
    setStopping(true);
    setError(null);
    stopImpersonating()
      .then(() => navigate('/tools'))
      .catch((e: unknown) => setError(e))
      .finally(() => setStopping(false));
  }

  return (
    <div className="impersonation-banner" role="region" aria-label="Impersonation" data-testid="impersonation-banner">
      <p>
        Acting as <strong>{me.name}</strong> &lt;{me.email}&gt; ({me.partner?.name ?? 'Vendor staff'}) — you are{' '}
        {impersonator.name}
        {impersonator.partner ? ` of ${impersonator.partner.name}` : ', vendor staff'}.
      </p>
      <button type="button" className="button button-small" onClick={stop} disabled={stopping}>
        {stopping ? 'Stopping…' : 'Stop'}
        <span className="visually-hidden"> acting as {me.name}</span>
      </button>
      {error !== null && (
        <p className="field-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}

/** Said once after the server ended an impersonation: the user is back in their own account. */
export function ImpersonationEndedNotice() {
  const { impersonationExit, dismissImpersonationExit } = useSession();
  if (impersonationExit !== 'ended') return null;
  return (
    <Notice kind="info" title="Your impersonation has ended.">
      The shipping allowance it needed was removed, or the user you acted as can no longer be acted as. You are back in
      your own account.{' '}
      <button type="button" className="button button-small" onClick={dismissImpersonationExit}>
        Dismiss
      </button>
    </Notice>
  );
}
