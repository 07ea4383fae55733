// A table of API keys with a Revoke button on the live ones: the user's own keys, or (for a
// vendor admin) everyone's with the user each acts as.
import type { ApiKey } from '../../api/client';
import { errorMessage } from '../../components/feedback';
import { formatDateTime } from '../../lib/format';

/** Live, revoked or expired, as of now. */
function keyStatus(k: ApiKey, now: number): { live: boolean; text: string } {
  if (k.revoked_at) return { live: false, text: `Revoked ${formatDateTime(k.revoked_at)}` };
  if (k.expires_at && Date.parse(k.expires_at) <= now)
    return { live: false, text: `Expired ${formatDateTime(k.expires_at)}` };
  return { live: true, text: k.expires_at ? `Until ${formatDateTime(k.expires_at)}` : 'Until revoked' };
}

export function ApiKeyTable({
  keys,
  asOf,
  caption,
  showUser,
  onRevoke,
  revoking,
  revokeError,
}: {
  keys: ApiKey[];
  /** When the list was fetched (ms): a key counts as expired from its expiry on. */
  asOf: number;
  caption: string;
  showUser?: boolean;
  onRevoke: (key: ApiKey) => void;
  /** The key being revoked, if any. */
  revoking: string | null;
  /** The key whose revocation failed, and why. */
  revokeError: { id: string; error: unknown } | null;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {showUser && <th scope="col">User</th>}
            <th scope="col">Key starts with</th>
            <th scope="col">Created</th>
            <th scope="col">Valid</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const status = keyStatus(k, asOf);
            return (
              <tr key={k.id} className={status.live ? undefined : 'row-disabled'}>
                <th scope="row">{k.name}</th>
                {showUser && <td>{k.user_email}</td>}
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{formatDateTime(k.created_at)}</td>
                <td>{status.live ? status.text : <span className="badge badge-warn">{status.text}</span>}</td>
                <td>
                  {status.live && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={revoking !== null}
                      onClick={() => onRevoke(k)}
                    >
                      {revoking === k.id ? 'Revoking…' : 'Revoke'}
                      <span className="visually-hidden"> {k.name}</span>
                    </button>
                  )}
                  {revokeError?.id === k.id && (
                    <p className="field-error" role="alert">
                      {errorMessage(revokeError.error)}
                    </p>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
