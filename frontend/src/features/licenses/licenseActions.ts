// The actions of a location's license area that share its messages: detach, activate (its
// outcome), regenerate and download the license file. Starting one clears what the last said.
import { useState } from 'react';
import { ApiError, type Activation, type Attachment, type Location } from '../../api/client';
import { errorMessage } from '../../components/feedback';
import { useDetach, useDownloadLicenseFile, useRegenerateLicenseFile } from './queries';

export interface FileProblem {
  kind: 'info' | 'error';
  text: string;
}

/** What the portal says when there is no file to download or regenerate (yet). */
function fileProblem(error: unknown, typeName: string): FileProblem {
  if (error instanceof ApiError && error.code === 'NOTHING_ACTIVATED')
    return {
      kind: 'info',
      text: 'There is no license file yet: nothing has been activated on this location. Activate attached licenses first.',
    };
  if (error instanceof ApiError && error.code === 'LICENSE_FILE_NOT_AVAILABLE')
    return {
      kind: 'info',
      text: `The license file is not available yet. ${typeName} license files are produced outside the LMS; it appears here as soon as it arrives, and your users are notified.`,
    };
  return { kind: 'error', text: errorMessage(error) };
}

export function useLicenseActions(l: Location, typeName: string) {
  const detach = useDetach(l.id);
  const regenerate = useRegenerateLicenseFile(l.id);
  const download = useDownloadLicenseFile(l);
  const [activated, setActivated] = useState<Activation | null>(null);

  function clear() {
    detach.reset();
    regenerate.reset();
    download.reset();
    setActivated(null);
  }

  const regenerateProblem = regenerate.isError ? fileProblem(regenerate.error, typeName) : null;
  const detached = detach.isSuccess ? detach.variables : undefined;
  return {
    clear,
    /** A detach or regeneration is under way. */
    busy: detach.isPending || regenerate.isPending,
    detach(attachment: Attachment, quantity: number | undefined, onDetached: () => void) {
      clear();
      detach.mutate({ attachment, quantity }, { onSuccess: onDetached });
    },
    regenerate() {
      clear();
      regenerate.mutate();
    },
    /** The new file of the last regeneration. */
    regenerated: regenerate.data ?? null,
    download: () => download.mutate(),
    downloading: download.isPending,
    downloadProblem: download.isError ? fileProblem(download.error, typeName) : null,
    /** The last activation, until another action starts. */
    activated,
    setActivated,
    /** What went well, or why there is nothing to regenerate: shown above the licenses. */
    message: detached
      ? `${detached.quantity ?? detached.attachment.quantity} × ${detached.attachment.part_number} detached: back in the license bin on PO ${detached.attachment.po_number}.`
      : regenerateProblem?.kind === 'info'
        ? regenerateProblem.text
        : null,
    error: detach.error ?? (regenerateProblem?.kind === 'error' ? regenerate.error : null),
  };
}

export type LicenseActions = ReturnType<typeof useLicenseActions>;
