// Hardware replacement (SPEC §7): a partner's CPU board or dongle broke; the vendor
// administrator finds the location, enters the new hardware key code and the reason, previews
// what moves (a dry run: licenses, SWA, child locations whose keys follow) and confirms. The
// location keeps its licenses and SWA on the new key and gets a new license file; the old file
// no longer downloads; the old key and the reason go into its history; the partner is notified.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Location, Schemas } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice, Loading, Notice, splitError } from '../../components/feedback';
import { SubmitButton, TextAreaField } from '../../components/fields';
import { PageHeader, Section } from '../../components/page';
import { ActivatedTable } from '../licenses/ActivatedTable';
import { HwkcInput } from '../locations/HwkcInput';
import { LocationSearch } from '../locations/LocationSearch';
import { PickedLocation } from '../locations/PickedLocation';
import { useLocationQuery } from '../locations/queries';
import { useSystemType, useSystemTypeName } from '../locations/systemTypes';
import { SwaStatusIcon } from '../swa/SwaStatusIcon';
import { useHardwareReplacement } from './queries';

type Replacement = Schemas['HardwareReplacementView'];

/** What the replacement moves, as the dry run answered it. */
function WhatMoves({ plan }: { plan: Replacement }) {
  const typeName = useSystemTypeName();
  const l = plan.location;
  return (
    <div className="what-moves" data-testid="replacement-preview">
      <p>
        <code className="hwkc">{plan.old_hwkc}</code> → <code className="hwkc">{plan.new_hwkc}</code>. The location
        keeps everything below on the new key; a new license file is produced and the file for the old key no longer
        downloads.
      </p>
      <h3>Activated licenses</h3>
      {plan.licenses.length === 0 ? (
        <p className="empty">Nothing is activated: only the key changes.</p>
      ) : (
        <ActivatedTable rows={plan.licenses} locationName={l.name} caption={`Licenses that stay with ${l.name}`} />
      )}
      <h3>Software Assurance</h3>
      <p>
        <SwaStatusIcon status={l.swa_status} withLabel /> — stays with the location.
      </p>
      <h3>Child locations that follow</h3>
      {plan.children.length === 0 ? (
        <p className="empty">None: no child location’s key is derived from this one.</p>
      ) : (
        <DataTable
          caption="Child locations whose keys follow"
          head={
            <>
              <th scope="col">Location</th>
              <th scope="col">System type</th>
              <th scope="col">Hardware key code</th>
            </>
          }
        >
          {plan.children.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{typeName(c.system_type)}</td>
              <td>
                <code className="hwkc">{c.old_hwkc}</code> → <code className="hwkc">{c.new_hwkc}</code>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

function ReplacementForm({ target }: { target: Location }) {
  const type = useSystemType(target.system_type);
  const preview = useHardwareReplacement(target.id);
  const replace = useHardwareReplacement(target.id);
  const [hwkc, setHwkc] = useState('');
  const [reason, setReason] = useState('');
  const failed = replace.error ?? preview.error;
  const errors = splitError(failed, ['new_hwkc', 'reason']);
  const keyProblem = errors.field('new_hwkc');
  const plan = preview.data;
  const done = replace.data;

  function edited() {
    preview.reset();
    replace.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    replace.reset();
    preview.mutate({ new_hwkc: hwkc.trim(), reason: reason.trim(), dry_run: true });
  }

  if (done)
    return (
      <Notice kind="success" title="Hardware replaced.">
        <span data-testid="replacement-done">
          {done.location.name} now has the hardware key code <code className="hwkc">{done.new_hwkc}</code>
          {done.license_file ? (
            <>
              ; its new license file <code>{done.license_file.name}</code> is ready
              {done.license_file.activation_code && (
                <>
                  {' '}
                  (activation code <code>{done.license_file.activation_code}</code>)
                </>
              )}
            </>
          ) : (
            '; it has no license file from the LMS to make again'
          )}
          {done.children.length > 0 && `; ${done.children.map((c) => c.name).join(', ')} followed`}. The partner is
          notified. <Link to={`/locations/${done.location.id}`}>Open the location</Link>
        </span>
      </Notice>
    );

  return (
    <>
      <form onSubmit={submit} className="form" aria-label="Replace the hardware" noValidate>
        {errors.general && <ErrorNotice error={failed} title="The hardware was not replaced" />}
        {type && (
          <HwkcInput
            label="New hardware key code"
            name="new_hwkc"
            type={type}
            value={hwkc}
            onChange={(v) => {
              setHwkc(v);
              edited();
            }}
            required
            problem={keyProblem ? { message: keyProblem, looksLike: null } : undefined}
            hint={`The key of the new CPU board or dongle: ${type.hwkc.description}.`}
          />
        )}
        <TextAreaField
          label="Reason"
          name="reason"
          required
          rows={2}
          hint="As the partner’s request says, e.g. “CPU board defective, RMA 4711”. Kept in the location’s history."
          {...errors.bind('reason', reason, (v) => {
            setReason(v);
            edited();
          })}
        />
        <div className="form-actions">
          <SubmitButton
            pending={preview.isPending}
            busyLabel="Checking…"
            disabled={hwkc.trim() === '' || reason.trim() === ''}
          >
            Preview replacement
          </SubmitButton>
        </div>
      </form>
      {plan && (
        <Section title="What moves">
          <WhatMoves plan={plan} />
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={replace.isPending}
              onClick={() => replace.mutate({ new_hwkc: hwkc.trim(), reason: reason.trim(), dry_run: false })}
            >
              {replace.isPending ? 'Replacing…' : 'Confirm replacement'}
            </button>
          </div>
        </Section>
      )}
    </>
  );
}

/** The location named in `?location=`, or none. */
function usePreselected(): { location: Location | null; loading: boolean } {
  const [params] = useSearchParams();
  const id = params.get('location') ?? '';
  const found = useLocationQuery(id);
  return { location: found.data ?? null, loading: id !== '' && found.isPending };
}

export function HardwareReplacementPage() {
  const preselected = usePreselected();
  const [picked, setPicked] = useState<Location | null>(null);
  const [, setParams] = useSearchParams();
  const chosen = picked ?? preselected.location;
  // Read again, so the picked location shows its new key once replaced.
  const fresh = useLocationQuery(chosen?.id ?? '');
  const target = fresh.data ?? chosen;

  return (
    <>
      <PageHeader title="Hardware replacement">
        <p className="lead">
          A partner’s CPU board or dongle was replaced: give the location the new hardware key code. Its licenses and
          Software Assurance stay with it, it gets a new license file, and License Manager Client locations whose key is
          derived from it follow. Keys the LMS generates (temporary keys, 3C, dongle-less iS3000, SV9500 SE and standard
          server) are not replaced.
        </p>
      </PageHeader>

      <Section title="Location">
        {preselected.loading && <Loading what="the location" />}
        {target ? (
          <PickedLocation location={target} testId="replacement-target">
            <div className="row-actions">
              <Link to={`/locations/${target.id}`} className="button button-small">
                Open location
              </Link>
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  setPicked(null);
                  setParams({});
                }}
              >
                Choose another location
              </button>
            </div>
          </PickedLocation>
        ) : (
          !preselected.loading && (
            <LocationSearch
              className="easynav attach-search"
              label="Find the location"
              hint="Type part of the location’s name or hardware key code; this searches the locations of every partner."
              onPick={setPicked}
              autoFocus
            />
          )
        )}
      </Section>

      {target && (
        <Section title="New hardware">
          {target.migrated_to ? (
            <Notice kind="info">This location migrated to SV9100 CP20 and is read-only.</Notice>
          ) : (
            <ReplacementForm key={target.id} target={target} />
          )}
        </Section>
      )}
    </>
  );
}
