// Webhook messages: every event on its way to an endpoint, newest first — pending, delivered or
// failed, its attempts and the next try — with the attempts of one and redelivery.
import { Fragment, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { WebhookEventType, WebhookMessage, WebhookMessageStatus } from '../../../api/client';
import { loadedItems } from '../../../api/paging';
import { DataTable } from '../../../components/DataTable';
import { PagedList } from '../../../components/PagedList';
import { SelectField } from '../../../components/fields';
import { PageHeader, Section } from '../../../components/page';
import { formatDateTime } from '../../../lib/format';
import { EVENT_TYPES, STATUS_LABEL } from './eventTypes';
import { MessageDetails } from './MessageDetails';
import { useWebhookEndpoints, useWebhookMessages } from './queries';

function lastAnswer(m: WebhookMessage): string {
  if (m.last_response_status != null) return String(m.last_response_status);
  return m.last_error ?? '—';
}

function StatusBadge({ status }: { status: WebhookMessageStatus }) {
  const kind = status === 'delivered' ? 'badge-ok' : status === 'failed' ? 'badge-warn' : '';
  return <span className={`badge ${kind}`}>{STATUS_LABEL[status]}</span>;
}

function MessageRows({ message, url }: { message: WebhookMessage; url: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr>
        <td>{formatDateTime(message.created_at)}</td>
        <td>
          <code>{message.event_type}</code>
        </td>
        <td>{message.partner.name}</td>
        <td>
          <code>{url}</code>
        </td>
        <td>
          <StatusBadge status={message.status} />
        </td>
        <td>{message.attempt_count}</td>
        <td>{lastAnswer(message)}</td>
        <td>{message.next_attempt_at ? formatDateTime(message.next_attempt_at) : '—'}</td>
        <td>
          <button type="button" className="button button-small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? 'Hide' : 'Attempts'}
            <span className="visually-hidden"> of {message.event_id}</span>
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={9}>
            <MessageDetails message={message} />
          </td>
        </tr>
      )}
    </>
  );
}

export function WebhookMessagesPage() {
  const [params, setParams] = useSearchParams();
  const endpointId = params.get('endpoint') ?? undefined;
  const status = (params.get('status') ?? undefined) as WebhookMessageStatus | undefined;
  const eventType = (params.get('type') ?? undefined) as WebhookEventType | undefined;
  const endpoints = useWebhookEndpoints();
  const messages = useWebhookMessages({ endpointId, status, eventType });
  const urlOf = (id: string) => endpoints.data?.find((e) => e.id === id)?.url ?? id;
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const count = loadedItems(messages.data).length;
  return (
    <>
      <PageHeader title="Webhook messages">
        <p className="lead">
          Each event on its way to each endpoint, newest first. A failed attempt is retried after about 5 s, 30 s, 2
          min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 24 h and 24 h; then the message has failed. Redelivering sends it
          again with the same <code>webhook-id</code>.
        </p>
      </PageHeader>
      <Section
        title="Messages"
        actions={
          <button type="button" className="button button-small" onClick={() => messages.refetch()}>
            Refresh
          </button>
        }
      >
        <div className="grid-3 filters">
          <SelectField label="Endpoint" value={endpointId ?? ''} onChange={(e) => set('endpoint', e.target.value)}>
            <option value="">Every endpoint</option>
            {(endpoints.data ?? []).map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
          </SelectField>
          <SelectField label="State" value={status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any state</option>
            {Object.entries(STATUS_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Event type" value={eventType ?? ''} onChange={(e) => set('type', e.target.value)}>
            <option value="">Every event type</option>
            {EVENT_TYPES.map((e) => (
              <option key={e.type} value={e.type}>
                {e.type}
              </option>
            ))}
          </SelectField>
        </div>
        <PagedList query={messages} what="webhook messages" more="Show more messages" empty="No messages.">
          {(items) => (
            <DataTable
              caption={`Webhook messages, newest first (${count} shown)`}
              head={
                <>
                  <th scope="col">Event time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Partner</th>
                  <th scope="col">Endpoint</th>
                  <th scope="col">State</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">Next try</th>
                  <th scope="col">
                    <span className="visually-hidden">Details</span>
                  </th>
                </>
              }
            >
              {items.map((m) => (
                <Fragment key={m.id}>
                  <MessageRows message={m} url={urlOf(m.endpoint_id)} />
                </Fragment>
              ))}
            </DataTable>
          )}
        </PagedList>
      </Section>
    </>
  );
}
