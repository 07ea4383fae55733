// The vendor admins' queue of DECT license file imports: partners ask, an admin approves
// (the licenses become activated) or rejects with a reason.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { DectImportState } from '../../api/client';
import { SelectField } from '../../components/fields';
import { Notice } from '../../components/feedback';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/page';
import { DectImportCard } from './DectImportCard';
import { useDectImportQueue } from './queries';
import { ExportCsvButton } from '../../components/ExportCsvButton';
import { csvExports } from '../../api/exports';

const STATES: { state: DectImportState; label: string; empty: string }[] = [
  { state: 'pending', label: 'Waiting for approval', empty: 'No DECT imports are waiting for approval.' },
  { state: 'approved', label: 'Approved', empty: 'No DECT imports have been approved yet.' },
  { state: 'rejected', label: 'Rejected', empty: 'No DECT imports have been rejected yet.' },
];

export function DectImportsPage() {
  const [params, setParams] = useSearchParams();
  const shown = STATES.find((s) => s.state === params.get('state')) ?? STATES[0];
  const imports = useDectImportQueue(shown.state);
  const [done, setDone] = useState<string | null>(null);

  return (
    <>
      <PageHeader title="DECT imports" actions={<ExportCsvButton download={csvExports.dectImports(shown.state)} />}>
        <p className="lead">
          Partners registering a DECT system from before release 6 upload its license file. The file is plain text, so
          its licenses are activated only once you approve the import; check them against the PARI’s purchase history.
        </p>
      </PageHeader>
      <div className="toolbar">
        <SelectField
          label="Show"
          value={shown.state}
          onChange={(e) => {
            setDone(null);
            setParams(e.target.value === 'pending' ? {} : { state: e.target.value }, { replace: true });
          }}
        >
          {STATES.map((s) => (
            <option key={s.state} value={s.state}>
              {s.label}
            </option>
          ))}
        </SelectField>
      </div>
      {done && <Notice kind="success">{done}</Notice>}
      <PagedList query={imports} what="DECT imports" more="Show more imports" empty={shown.empty}>
        {(items) => items.map((imp) => <DectImportCard key={imp.upload_id} imp={imp} onDecided={setDone} />)}
      </PagedList>
    </>
  );
}
