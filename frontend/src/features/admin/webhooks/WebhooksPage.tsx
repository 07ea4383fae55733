// Webhook endpoints: where the LMS sends its events (SPEC §9) for the vendor's integration to
// e-mail the partners' users. Add one (its secret is shown once), change, disable, rotate the
// secret, delete; BusinessNet's, set by the configuration, is listed but not changed here.
import { useState } from 'react';
import { Link } from 'react-router';
import type { WebhookEndpointWithSecret } from '../../../api/client';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading } from '../../../components/feedback';
import { PageHeader, Section } from '../../../components/page';
import { EndpointForm } from './EndpointForm';
import { EndpointRow } from './EndpointRow';
import { SecretNotice } from './SecretNotice';
import { useCreateWebhookEndpoint, useWebhookEndpoints } from './queries';

export function WebhooksPage() {
  const endpoints = useWebhookEndpoints();
  const create = useCreateWebhookEndpoint();
  const [shown, setShown] = useState<{ endpoint: WebhookEndpointWithSecret; rotated: boolean } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const items = endpoints.data ?? [];
  return (
    <>
      <PageHeader title="Webhooks">
        <p className="lead">
          The LMS sends every event — licenses shipped or activated, SWA, reships, hardware replacements, migrations —
          to these endpoints, signed the Standard Webhooks way and retried for about three days.{' '}
          <Link to="/admin/webhook-messages">See the messages and their attempts.</Link>
        </p>
      </PageHeader>
      {shown && <SecretNotice shown={shown.endpoint} rotated={shown.rotated} onDone={() => setShown(null)} />}
      <Section title="Endpoints">
        {endpoints.isPending && <Loading what="webhook endpoints" />}
        {endpoints.isError && <ErrorNotice error={endpoints.error} />}
        {endpoints.isSuccess && items.length === 0 && <p className="empty">No webhook endpoint yet.</p>}
        {items.length > 0 && (
          <DataTable
            caption="Webhook endpoints"
            head={
              <>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                <th scope="col">Messages</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </>
            }
          >
            {items.map((e) => (
              <EndpointRow key={e.id} endpoint={e} onRotated={(endpoint) => setShown({ endpoint, rotated: true })} />
            ))}
          </DataTable>
        )}
      </Section>
      <Section title="New endpoint">
        <EndpointForm
          key={formKey}
          label="New webhook endpoint"
          submitLabel="Add endpoint"
          submission={create}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (endpoint) => {
                setShown({ endpoint, rotated: false });
                setFormKey((k) => k + 1);
              },
            })
          }
        />
      </Section>
    </>
  );
}
