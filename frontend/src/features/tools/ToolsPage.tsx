// Tools (SPEC §8): a heading and the tools' sections, each hiding itself from users it is not for.
import { PageHeader } from '../../components/page';
import { LocationLookupSection, ResoldSection } from './ToolsSections';

export function ToolsPage() {
  return (
    <>
      <PageHeader title="Tools" />
      <LocationLookupSection />
      <ResoldSection />
    </>
  );
}
