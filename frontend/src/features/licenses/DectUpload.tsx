// DECT license file upload (SPEC §4, user guide "DECT License File Upload"): once per DECT
// location, and only before anything is activated there, the partner uploads the license
// file of an old (pre-release-6) DECT system, checks the licenses found in it, and imports
// them: they become activated on the PARI and a new license file is produced.
import { useId, useState, type FormEvent } from 'react';
import { api, call, fileUpload, type Location, type Schemas, type SystemTypeCode } from '../../api/client';
import { TextField } from '../../components/fields';
import { GuideErrorNotice } from '../../components/feedback';
import { Section } from '../../components/page';
import { useLicensesChanged, usePartDescription } from './queries';

type Parsed = Schemas['DectUploadView'];
type FileLink = Schemas['FileLink'];

/** The system types whose locations may take a legacy DECT license file. */
export const DECT_UPLOAD_TYPES: readonly SystemTypeCode[] = ['IP_DECT', 'DECT_NS'];

const TITLE = 'DECT license file upload';

const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** "2019-03-12" → "12 Mar 2019" (a calendar date, so no time zone shifts it). */
function formatDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

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
  const describe = usePartDescription();
  const changed = useLicensesChanged();
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input (it cannot be controlled).
  const [inputKey, setInputKey] = useState(0);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [imported, setImported] = useState<FileLink | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const confirmId = useId();

  if (imported)
    return (
      <Section title={TITLE}>
        <div className="notice notice-success dect-imported" role="status">
          <strong className="notice-title">Imported.</strong>
          <p>
            The licenses of the old DECT system are now activated on PARI <code className="hwkc">{l.hwkc}</code>.
          </p>
          {imported.activation_code && (
            <p>
              Activation code: <code className="activation-code">{imported.activation_code}</code>
            </p>
          )}
          <p>
            The new license file <code>{imported.name}</code> holds them; load it into the DECT system.
          </p>
          <button type="button" className="button button-primary" onClick={onDownload} disabled={downloading}>
            Download license file
          </button>
        </div>
        <p>
          <strong>Next:</strong> register a call with the vendor’s license desk and ask them to deactivate PARI{' '}
          <code className="hwkc">{l.hwkc}</code> in the old license generator database. This is needed before the system
          can be expanded and for software assurance.
        </p>
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

  async function upload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setUploadError(null);
    setImportError(null);
    try {
      setParsed(
        await call(
          api.POST('/api/v1/locations/{id}/dect-license-upload', {
            params: { path: { id: l.id } },
            ...fileUpload(file),
          }),
        ),
      );
    } catch (err) {
      setUploadError(err);
    } finally {
      setBusy(false);
    }
  }

  async function importLicenses() {
    if (!parsed) return;
    setBusy(true);
    setImportError(null);
    try {
      const link = await call(
        api.POST('/api/v1/locations/{id}/dect-license-upload/{upload_id}/import', {
          params: { path: { id: l.id, upload_id: parsed.upload_id } },
        }),
      );
      setImported(link);
      setParsed(null);
      await changed(l.id);
    } catch (err) {
      setImportError(err);
    } finally {
      setBusy(false);
    }
  }

  function startOver() {
    setParsed(null);
    setFile(null);
    setInputKey((k) => k + 1);
    setUploadError(null);
    setImportError(null);
  }

  if (parsed) {
    const total = parsed.licenses.reduce((n, x) => n + x.quantity, 0);
    return (
      <Section title={TITLE}>
        <section className="activation-panel dect-confirm" aria-labelledby={confirmId}>
          <h3 id={confirmId}>Check the licenses in {file?.name ?? 'the file'}</h3>
          <p>
            The file holds {total} {total === 1 ? 'license' : 'licenses'} for PARI{' '}
            <code className="hwkc">{l.hwkc}</code>. Importing activates them on this location for good; the upload
            cannot be done again.
          </p>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Licenses in the uploaded DECT license file</caption>
              <thead>
                <tr>
                  <th scope="col">Part number</th>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">
                    Quantity
                  </th>
                  <th scope="col">Issued on</th>
                </tr>
              </thead>
              <tbody>
                {parsed.licenses.map((x, i) => (
                  <tr key={i}>
                    <th scope="row">
                      <code>{x.part_number}</code>
                    </th>
                    <td>{describe(x.part_number) ?? <span className="muted">—</span>}</td>
                    <td className="num">{x.quantity}</td>
                    <td>{formatDate(x.issued_on)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <GuideErrorNotice error={importError} title="Nothing was imported" />
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={importLicenses} disabled={busy}>
              {busy ? 'Importing…' : `Import ${total} ${total === 1 ? 'license' : 'licenses'}`}
            </button>
            <button type="button" className="button" onClick={startOver} disabled={busy}>
              Cancel
            </button>
          </div>
        </section>
      </Section>
    );
  }

  return (
    <Section title={TITLE}>
      <p>
        Registering an existing DECT system from before release 6? Upload the license file you made in its DECT Manager:
        the LMS reads the licenses in it and, after you have checked them, registers them as activated on this PARI.
        This can be done once, and only before anything is activated here.
      </p>
      <form onSubmit={upload} className="form inline-form" aria-label="Upload a DECT license file" noValidate>
        <GuideErrorNotice error={uploadError} title="The file was not accepted" />
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
          aria-invalid={uploadError ? true : undefined}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setUploadError(null);
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || !file}>
            {busy ? 'Uploading…' : 'Upload file'}
          </button>
        </div>
      </form>
    </Section>
  );
}
