// Every user's API keys, for the vendor admins: see which integrations act as whom, and
// revoke a key at once (e.g. when it leaked or its user left).
import { PagedList } from '../../components/PagedList';
import { PageHeader, Section } from '../../components/page';
import { ApiKeyTable } from '../account/ApiKeyTable';
import { useAdminRevokeApiKey, useAllApiKeys } from './queries';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

export function AdminApiKeysPage() {
  const keys = useAllApiKeys();
  const revoke = useAdminRevokeApiKey();
  return (
    <>
      <PageHeader title="API keys">
        <p className="lead">
          The API keys of every user, newest first. A key acts as its user; revoking it stops it at once. Disabling a
          user also stops their keys.
        </p>
      </PageHeader>
      <Section title="All API keys" actions={<ExportCsvButton download={csvExports.apiKeys()} />}>
        <PagedList query={keys} what="API keys" more="Show more keys" empty="No user has an API key.">
          {(items) => (
            <ApiKeyTable
              asOf={keys.dataUpdatedAt}
              keys={items}
              caption="API keys of all users, newest first"
              showUser
              revoke={revoke}
            />
          )}
        </PagedList>
      </Section>
    </>
  );
}
