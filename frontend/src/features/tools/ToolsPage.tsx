// Tools (SPEC §8): a list of sections, each its own component and shown to those who may use it.
import { mayImpersonate, useMe } from '../../auth/session';
import { PageHeader } from '../../components/page';
import { ImpersonatePanel } from './ImpersonatePanel';

export function ToolsPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Tools" />
      {mayImpersonate(me) && <ImpersonatePanel />}
    </>
  );
}
