// "Export CSV" on a list page: downloads every item the list's filters match as CSV.
import { useMutation } from '@tanstack/react-query';
import { saveFile } from '../api/client';
import type { Export } from '../api/exports';
import { ErrorNotice } from './feedback';

/** A button that saves the list's CSV export (`csvExports.…`); an error shows beside it. */
export function ExportCsvButton({ download, label = 'Export CSV' }: { download: Export; label?: string }) {
  const run = useMutation({ mutationFn: async () => saveFile(await download()) });
  return (
    <>
      <button type="button" className="button" onClick={() => run.mutate()} disabled={run.isPending}>
        {run.isPending ? 'Exporting…' : label}
      </button>
      {run.isError && <ErrorNotice error={run.error} title="The export failed" />}
    </>
  );
}
