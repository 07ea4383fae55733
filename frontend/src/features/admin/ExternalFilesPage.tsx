// External license files (SPEC §4 "External products", §9): the vendor supplies the license
// file of an external product, produced outside the LMS, against a location's activated
// licenses (`PUT /admin/locations/{id}/external-license-file`). From then on the partner's
// download gives that file, and the partner's users are notified.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, type Location } from '../../api/client';
import { SubmitButton, TextField } from '../../components/fields';
import { ErrorNotice, Loading, Notice, errorMessage } from '../../components/feedback';
import { PageHeader, Section } from '../../components/page';
import { ActivatedTable } from '../licenses/ActivatedTable';
import { useLocationLicenses } from '../licenses/queries';
import { LocationSearch } from '../locations/LocationSearch';
import { PickedLocation } from '../locations/PickedLocation';
import { useSystemType } from '../locations/systemTypes';
import { useUploadExternalLicenseFile } from './queries';

/** The API's refusals, in words for the administrator. */
function refusal(error: unknown, typeName: string): string {
  if (error instanceof ApiError && error.code === 'NOT_AN_EXTERNAL_PRODUCT')
    return `${typeName} license files are produced by the LMS itself (not an external product), so none can be uploaded for this location.`;
  if (error instanceof ApiError && error.code === 'NOTHING_ACTIVATED')
    return 'Nothing is activated on this location yet. The file can be uploaded once the partner has activated the licenses it covers.';
  return errorMessage(error);
}

function ActivatedLicenses({ location }: { location: Location }) {
  const licenses = useLocationLicenses(location.id);
  if (licenses.isPending) return <Loading what="the activated licenses" />;
  if (licenses.isError) return <ErrorNotice error={licenses.error} title="The licenses could not be loaded" />;
  const { activated } = licenses.data;
  if (activated.length === 0) return <p className="empty">Nothing is activated on this location yet.</p>;
  return <ActivatedTable rows={activated} locationName={location.name} />;
}

function UploadForm({ location, typeName }: { location: Location; typeName: string }) {
  const upload = useUploadExternalLicenseFile(location.id);
  const [file, setFile] = useState<File | null>(null);
  // A new key empties the file input (it cannot be controlled).
  const [inputKey, setInputKey] = useState(0);
  const stored = upload.data;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    upload.mutate(file, {
      onSuccess: () => {
        setFile(null);
        setInputKey((k) => k + 1);
      },
    });
  }

  return (
    <form onSubmit={submit} className="form" aria-label="Upload the license file" noValidate>
      {stored && (
        <Notice kind="success" title="License file stored.">
          <code>{stored.name}</code> is now the license file of {location.name}: the partner’s download gives this file,
          and the partner’s users are notified.
        </Notice>
      )}
      {upload.isError && (
        <Notice kind="error" title="The file was not stored">
          {refusal(upload.error, typeName)}
        </Notice>
      )}
      <TextField
        key={inputKey}
        label="License file"
        type="file"
        name="file"
        className="field-file"
        required
        hint="The file produced outside the LMS, as the system expects it; it is stored under its own name."
        onChange={(e) => {
          setFile(e.target.files?.[0] ?? null);
          if (upload.isError) upload.reset();
        }}
      />
      <div className="form-actions">
        <SubmitButton pending={upload.isPending} busyLabel="Uploading…" disabled={!file}>
          Upload license file
        </SubmitButton>
      </div>
    </form>
  );
}

export function ExternalFilesPage() {
  const [target, setTarget] = useState<Location | null>(null);
  const type = useSystemType(target?.system_type);

  return (
    <>
      <PageHeader title="External license files">
        <p className="lead">
          UM4730, Expense Management, MobiCall and MobiBox license files are produced outside the LMS. Once a partner
          has activated the licenses, upload the file here; the partner can then download it from the location page. RCC
          files are produced by the LMS itself.
        </p>
      </PageHeader>

      <Section title="Location">
        {target ? (
          <PickedLocation location={target} testId="external-target">
            <div className="row-actions">
              <Link to={`/locations/${target.id}`} className="button button-small">
                Open location
              </Link>
              <button type="button" className="button button-small" onClick={() => setTarget(null)}>
                Choose another location
              </button>
            </div>
          </PickedLocation>
        ) : (
          <LocationSearch
            className="easynav attach-search"
            label="Find the location"
            hint="Type part of the location’s name or hardware key code; this searches the locations of every partner."
            onPick={setTarget}
            autoFocus
          />
        )}
        {target && type && type.license_file !== 'external' && (
          <Notice kind="info">
            {type.name} license files are produced by the LMS itself: an upload for this location will be refused.
          </Notice>
        )}
      </Section>

      {target && (
        <>
          <Section title="Activated licenses">
            <ActivatedLicenses location={target} />
          </Section>
          <Section title="Upload the license file">
            <UploadForm key={target.id} location={target} typeName={type?.name ?? target.system_type} />
          </Section>
        </>
      )}
    </>
  );
}
