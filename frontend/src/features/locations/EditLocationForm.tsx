// Editing a location: name and note, plus the computer name of a dongle-less iS3000 or the
// domain of a 3C (neither changes the HWKC). Only what changed is sent.
import { useState, type FormEvent } from 'react';
import type { Location, LocationPatch, SystemTypeInfo } from '../../api/client';
import { SubmitButton, TextAreaField, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { useUpdateLocation } from './queries';

export function EditLocationForm({
  l,
  type,
  onDone,
}: {
  l: Location;
  type: SystemTypeInfo | undefined;
  /** `saved` when something changed. */
  onDone: (saved?: Location) => void;
}) {
  const update = useUpdateLocation(l.id);
  const hasFcn = l.full_computer_name != null;
  const hasDomain = type?.input === 'domain_name';
  const [name, setName] = useState(l.name);
  const [note, setNote] = useState(l.reference_note ?? '');
  const [fcn, setFcn] = useState(l.full_computer_name ?? '');
  const [domain, setDomain] = useState(l.domain_name ?? '');
  const errors = splitError(update.error, [
    'name',
    'reference_note',
    ...(hasFcn ? ['full_computer_name'] : []),
    ...(hasDomain ? ['domain_name'] : []),
  ]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: LocationPatch = {};
    if (name.trim() !== l.name) body.name = name.trim();
    if (note.trim() !== (l.reference_note ?? '')) body.reference_note = note.trim() || null;
    if (hasFcn && fcn.trim() !== l.full_computer_name) body.full_computer_name = fcn.trim();
    if (hasDomain && domain.trim() !== (l.domain_name ?? '')) body.domain_name = domain.trim();
    if (Object.keys(body).length === 0) return onDone();
    update.mutate(body, { onSuccess: onDone });
  }

  return (
    <form onSubmit={submit} className="form" aria-label="Edit location" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <div className="grid-2">
        <TextField label="Location name" required maxLength={200} {...errors.bind('name', name, setName)} />
        {hasFcn && (
          <TextField
            label="Full computer name"
            className="field-mono"
            spellCheck={false}
            hint="Correcting the name does not change the hardware key code."
            {...errors.bind('full_computer_name', fcn, setFcn)}
          />
        )}
        {hasDomain && (
          <TextField
            label="Domain name"
            className="field-mono"
            spellCheck={false}
            hint="Changing the domain name does not change the hardware key code."
            {...errors.bind('domain_name', domain, setDomain)}
          />
        )}
      </div>
      <TextAreaField
        label="Reference note"
        rows={2}
        maxLength={500}
        {...errors.bind('reference_note', note, setNote)}
      />
      <div className="form-actions">
        <SubmitButton pending={update.isPending} busyLabel="Saving…">
          Save changes
        </SubmitButton>
        <button type="button" className="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
