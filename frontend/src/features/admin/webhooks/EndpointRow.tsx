// One webhook endpoint in the table: its URL and types, enabled or not, and what an admin can
// do with it (nothing for the one the configuration sets).
import { useState } from 'react';
import { Link } from 'react-router';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '../../../api/client';
import { errorMessage } from '../../../components/feedback';
import { EndpointForm } from './EndpointForm';
import { useDeleteWebhookEndpoint, useRotateWebhookSecret, useUpdateWebhookEndpoint } from './queries';

function Actions({
  endpoint,
  onEdit,
  onRotated,
}: {
  endpoint: WebhookEndpoint;
  onEdit: () => void;
  onRotated: (shown: WebhookEndpointWithSecret) => void;
}) {
  const update = useUpdateWebhookEndpoint();
  const rotate = useRotateWebhookSecret();
  const remove = useDeleteWebhookEndpoint();
  const busy = update.isPending || rotate.isPending || remove.isPending;
  const failed = update.error ?? rotate.error ?? remove.error;
  const hidden = <span className="visually-hidden"> {endpoint.url}</span>;
  return (
    <>
      <div className="row-actions">
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => update.mutate({ id: endpoint.id, patch: { enabled: !endpoint.enabled } })}
        >
          {endpoint.enabled ? 'Disable' : 'Enable'}
          {hidden}
        </button>
        <button type="button" className="button button-small" disabled={busy} onClick={onEdit}>
          Edit{hidden}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => rotate.mutate(endpoint.id, { onSuccess: onRotated })}
        >
          {rotate.isPending ? 'Rotating…' : 'Rotate secret'}
          {hidden}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Delete ${endpoint.url} and its messages?`)) remove.mutate(endpoint.id);
          }}
        >
          Delete{hidden}
        </button>
      </div>
      {failed && (
        <p className="field-error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
    </>
  );
}

export function EndpointRow({
  endpoint,
  onRotated,
}: {
  endpoint: WebhookEndpoint;
  onRotated: (shown: WebhookEndpointWithSecret) => void;
}) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateWebhookEndpoint();
  return (
    <>
      <tr className={endpoint.enabled ? undefined : 'row-disabled'}>
        <th scope="row">
          <code>{endpoint.url}</code>
          {endpoint.description && <div className="muted">{endpoint.description}</div>}
        </th>
        <td>
          {endpoint.event_types.length === 8 ? (
            'All events'
          ) : (
            <ul className="plain-list">
              {endpoint.event_types.map((t) => (
                <li key={t}>
                  <code>{t}</code>
                </li>
              ))}
            </ul>
          )}
        </td>
        <td>
          {endpoint.enabled ? (
            <span className="badge badge-ok">Enabled</span>
          ) : (
            <span className="badge badge-warn">Disabled</span>
          )}
        </td>
        <td>
          <Link to={`/admin/webhook-messages?endpoint=${endpoint.id}`}>
            Messages<span className="visually-hidden"> to {endpoint.url}</span>
          </Link>
        </td>
        <td>
          {endpoint.managed_by_config ? (
            <span className="muted">Set by LMS_BUSINESSNET_WEBHOOK_URL and _SECRET</span>
          ) : (
            <Actions endpoint={endpoint} onEdit={() => setEditing(true)} onRotated={onRotated} />
          )}
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={5}>
            <EndpointForm
              label={`Change ${endpoint.url}`}
              submitLabel="Save endpoint"
              initial={endpoint}
              submission={update}
              onCancel={() => setEditing(false)}
              onSubmit={(input) =>
                update.mutate({ id: endpoint.id, patch: input }, { onSuccess: () => setEditing(false) })
              }
            />
          </td>
        </tr>
      )}
    </>
  );
}
