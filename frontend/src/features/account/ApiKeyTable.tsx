// A table of API keys with a Revoke button on the live ones: the user's own keys, or (for a
// vendor admin) everyone's with the user each acts as.
import type { UseMutationResult } from '@tanstack/react-query';
import type { ApiKey } from '../../api/client';
import { DataTable } from '../../components/DataTable';
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
  revoke,
}: {
  keys: ApiKey[];
  /** When the list was fetched (ms): a key counts as expired from its expiry on. */
  asOf: number;
  caption: string;
  showUser?: boolean;
  /** Revokes the key of the given id: the row shows that it is under way, or why it failed. */
  revoke: UseMutationResult<unknown, Error, string>;
}) {
  const revoking = revoke.isPending ? revoke.variables : null;
  return (
    <DataTable
      caption={caption}
      head={
        <>
          <th scope="col">Name</th>
          {showUser && <th scope="col">User</th>}
          <th scope="col">Key starts with</th>
          <th scope="col">Created</th>
          <th scope="col">Valid</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </>
      }
    >
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
                  onClick={() => revoke.mutate(k.id)}
                >
                  {revoking === k.id ? 'Revoking…' : 'Revoke'}
                  <span className="visually-hidden"> {k.name}</span>
                </button>
              )}
              {revoke.isError && revoke.variables === k.id && (
                <p className="field-error" role="alert">
                  {errorMessage(revoke.error)}
                </p>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
