// One message opened: its attempts (when, the answer or the error, how long), the body every
// attempt sends, and redelivery.
import type { WebhookMessage } from '../../../api/client';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading, Notice, errorMessage } from '../../../components/feedback';
import { formatDateTime } from '../../../lib/format';
import { useRedeliverWebhookMessage, useWebhookMessage } from './queries';

export function MessageDetails({ message }: { message: WebhookMessage }) {
  const detail = useWebhookMessage(message.id);
  const redeliver = useRedeliverWebhookMessage();
  const attempts = detail.data?.attempts ?? [];
  return (
    <div className="message-details">
      {detail.isPending && <Loading what="the attempts" />}
      {detail.isError && <ErrorNotice error={detail.error} />}
      {detail.isSuccess && attempts.length === 0 && <p className="empty">Not attempted yet.</p>}
      {attempts.length > 0 && (
        <DataTable
          caption={`Attempts of ${message.event_type} ${message.event_id}`}
          head={
            <>
              <th scope="col">Attempted</th>
              <th scope="col">Answer</th>
              <th scope="col">Took</th>
            </>
          }
        >
          {attempts.map((a, i) => (
            <tr key={i}>
              <td>{formatDateTime(a.attempted_at)}</td>
              <td>
                {a.succeeded ? (
                  <span className="badge badge-ok">{a.response_status}</span>
                ) : (
                  <span className="badge badge-warn">{a.response_status ?? a.error ?? 'no answer'}</span>
                )}
              </td>
              <td>{a.duration_ms} ms</td>
            </tr>
          ))}
        </DataTable>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={redeliver.isPending}
          onClick={() => redeliver.mutate(message.id)}
        >
          {redeliver.isPending ? 'Queuing…' : 'Redeliver'}
          <span className="visually-hidden"> {message.event_id}</span>
        </button>
        {redeliver.isSuccess && <Notice kind="success">Queued: it is sent again with the same webhook-id.</Notice>}
        {redeliver.isError && (
          <p className="field-error" role="alert">
            {errorMessage(redeliver.error)}
          </p>
        )}
      </div>
      {detail.data && (
        <details>
          <summary>Body as sent</summary>
          <pre className="payload">{JSON.stringify(detail.data.payload, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}
