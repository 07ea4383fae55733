// The partner's two steps: upload the legacy file, then check the licenses found and request
// their import (the vendor approves it; see DectUpload).
import { useId, useState, type FormEvent } from 'react';
import type { DectImport, Location } from '../../api/client';
import { SubmitButton, TextField } from '../../components/fields';
import { GuideErrorNotice } from '../../components/feedback';
import { plural } from '../../lib/format';
import { DectLicensesTable, licenseTotal } from './DectLicensesTable';
import { useDectImportRequest, useDectUpload } from './queries';

function Confirm({
  l,
  parsed,
  fileName,
  onCancel,
}: {
  l: Location;
  parsed: DectImport;
  fileName: string;
  onCancel: () => void;
}) {
  const request = useDectImportRequest(l.id);
  const headingId = useId();
  const licenses = plural(licenseTotal(parsed.licenses), 'license');
  return (
    <section className="activation-panel dect-confirm" aria-labelledby={headingId}>
      <h3 id={headingId}>Check the licenses in {fileName}</h3>
      <p>
        The file holds {licenses} for PARI <code className="hwkc">{l.hwkc}</code>. Requesting the import sends them to
        the vendor for approval; once approved they are activated on this location for good.
      </p>
      <DectLicensesTable licenses={parsed.licenses} caption="Licenses in the uploaded DECT license file" />
      <GuideErrorNotice error={request.error} title="The import was not requested" />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => request.mutate(parsed.upload_id)}
          disabled={request.isPending}
        >
          {request.isPending ? 'Requesting…' : `Request import of ${licenses}`}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={request.isPending}>
          Cancel
        </button>
      </div>
    </section>
  );
}

export function DectUploadForm({ l }: { l: Location }) {
  const upload = useDectUpload(l.id);
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input (it cannot be controlled).
  const [inputKey, setInputKey] = useState(0);

  if (upload.data && file)
    return (
      <Confirm
        l={l}
        parsed={upload.data}
        fileName={file.name}
        onCancel={() => {
          upload.reset();
          setFile(null);
          setInputKey((k) => k + 1);
        }}
      />
    );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (file) upload.mutate(file);
  }

  return (
    <>
      <p>
        Registering an existing DECT system from before release 6? Upload the license file you made in its DECT Manager:
        the LMS reads the licenses in it and, after you have checked them, asks the vendor to approve their import. Once
        approved, they are registered as activated on this PARI. One import per location can be approved, and only
        before anything is activated here.
      </p>
      <form onSubmit={submit} className="form inline-form" aria-label="Upload a DECT license file" noValidate>
        <GuideErrorNotice error={upload.error} title="The file was not accepted" />
        <TextField
          key={inputKey}
          label="DECT license file"
          type="file"
          name="file"
          className="field-file"
          required
          hint={
            <>
              Its PARI must be this location’s hardware key code, <code className="hwkc">{l.hwkc}</code>.
            </>
          }
          aria-invalid={upload.isError ? true : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            upload.reset();
          }}
        />
        <div className="form-actions">
          <SubmitButton pending={upload.isPending} busyLabel="Uploading…" disabled={!file}>
            Upload file
          </SubmitButton>
        </div>
      </form>
    </>
  );
}
