// The signed-in user's API keys, for ERP scripts and integrations: create (the secret is
// shown once), see, revoke.
import { ErrorNotice, Loading } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { ApiKeyTable } from './ApiKeyTable';
import { NewApiKeyForm } from './NewApiKeyForm';
import { useMyApiKeys, useRevokeApiKey } from './queries';

export function ApiKeysPage() {
  const keys = useMyApiKeys();
  const revoke = useRevokeApiKey();
  return (
    <>
      <PageHeader title="API keys" crumbs={[{ label: 'Your account', to: '/account' }]}>
        <p className="lead">
          An API key lets a program (an ERP system, a script) call the LMS API as you, without your password. Revoke a
          key as soon as it is no longer needed or may have leaked; changing your password does not revoke keys.
        </p>
      </PageHeader>
      <Section title="New API key">
        <NewApiKeyForm />
      </Section>
      <Section title="Your API keys">
        {keys.isPending && <Loading what="your API keys" />}
        {keys.isError && <ErrorNotice error={keys.error} />}
        {keys.isSuccess && keys.data.length === 0 && <p className="empty">You have no API keys.</p>}
        {keys.isSuccess && keys.data.length > 0 && (
          <ApiKeyTable
            asOf={keys.dataUpdatedAt}
            keys={keys.data}
            caption="Your API keys, newest first"
            revoke={revoke}
          />
        )}
      </Section>
    </>
  );
}
