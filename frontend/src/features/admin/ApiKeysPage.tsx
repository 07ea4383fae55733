// Every user's API keys, for the vendor admins: see which integrations act as whom, and
// revoke a key at once (e.g. when it leaked or its user left).
import { ErrorNotice, Loading } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { ApiKeyTable } from '../account/ApiKeyTable';
import { useAdminRevokeApiKey, useAllApiKeys } from './queries';

export function AdminApiKeysPage() {
  const keys = useAllApiKeys();
  const revoke = useAdminRevokeApiKey();
  const items = keys.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="API keys">
        <p className="lead">
          The API keys of every user, newest first. A key acts as its user; revoking it stops it at once. Disabling a
          user also stops their keys.
        </p>
      </PageHeader>
      <Section title="All API keys">
        {keys.isPending && <Loading what="API keys" />}
        {keys.isError && <ErrorNotice error={keys.error} />}
        {keys.isSuccess && items.length === 0 && <p className="empty">No user has an API key.</p>}
        {items.length > 0 && (
          <ApiKeyTable
            asOf={keys.dataUpdatedAt}
            keys={items}
            caption="API keys of all users, newest first"
            showUser
            onRevoke={(k) => revoke.mutate(k.id)}
            revoking={revoke.isPending ? revoke.variables : null}
            revokeError={revoke.isError ? { id: revoke.variables, error: revoke.error } : null}
          />
        )}
        {keys.hasNextPage && (
          <button
            type="button"
            className="button"
            onClick={() => keys.fetchNextPage()}
            disabled={keys.isFetchingNextPage}
          >
            Show more keys
          </button>
        )}
      </Section>
    </>
  );
}
