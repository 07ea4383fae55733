// DECT license file upload (SPEC §4, user guide "DECT License File Upload"): once per DECT
// location, and only before anything is activated there, the partner uploads the license
// file of an old (pre-release-6) DECT system, checks the licenses found in it, and requests
// their import. The file is plain text anyone can write, so a vendor administrator approves
// the request (then the licenses are activated and a new license file is produced) or
// rejects it with a reason (then the partner may upload again). Shown for the system types
// whose catalog entry says `dect_upload`.
import type { Location } from '../../api/client';
import { ErrorNotice, Loading } from '../../components/feedback';
import { Section } from '../../components/page';
import { DectApproved, DectPending, DectRejected } from './DectImportStatus';
import { DectUploadForm } from './DectUploadForm';
import { useDectImports } from './queries';

const TITLE = 'DECT license file upload';

export function DectUpload({
  l,
  activated,
  onDownload,
  downloading,
}: {
  l: Location;
  /** How many rows are activated on the location (the upload is only for a fresh one). */
  activated: number;
  onDownload: () => void;
  downloading: boolean;
}) {
  const imports = useDectImports(l.id);
  if (imports.isPending)
    return (
      <Section title={TITLE}>
        <Loading what="the DECT uploads" />
      </Section>
    );
  if (imports.isError)
    return (
      <Section title={TITLE}>
        <ErrorNotice error={imports.error} title="The DECT uploads could not be loaded" />
      </Section>
    );

  // At most one import of a location is pending or approved; the list is newest first.
  const current = imports.data.find((i) => i.state === 'pending' || i.state === 'approved');
  if (current?.state === 'approved')
    return (
      <Section title={TITLE}>
        <DectApproved imp={current} l={l} onDownload={onDownload} downloading={downloading} />
      </Section>
    );
  if (current)
    return (
      <Section title={TITLE}>
        <DectPending imp={current} l={l} />
      </Section>
    );

  if (activated > 0)
    return (
      <Section title={TITLE}>
        <p className="empty">
          Licenses are already activated on this location, so the license file of an old DECT system can no longer be
          uploaded here: the upload is possible once, as the first step on a new DECT location.
        </p>
      </Section>
    );

  const rejected = imports.data.find((i) => i.state === 'rejected');
  return (
    <Section title={TITLE}>
      {rejected && <DectRejected imp={rejected} />}
      <DectUploadForm l={l} />
    </Section>
  );
}
