// The "add location" form, for top-level and child locations. What it asks for follows the
// chosen system type's catalog entry from `GET /system-types` (see locationInputs).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, type LocationBody, type SystemTypeCode, type SystemTypeInfo } from '../../api/client';
import { SubmitButton, TextAreaField, TextField } from '../../components/fields';
import { Notice, isField, splitError, type Submission } from '../../components/feedback';
import { IdentificationFields } from './IdentificationFields';
import { EMPTY_LOCATION, locationBody, shownFields, typeInputs, type LocationValues } from './locationInputs';
import { TypeSelect } from './TypeSelect';

export function LocationForm({
  types,
  parentHwkc,
  submitLabel,
  cancelTo,
  submission,
  onSubmit,
}: {
  /** The system types offered, in catalog order. */
  types: SystemTypeInfo[];
  /** For a child location: the parent's HWKC. */
  parentHwkc?: string;
  submitLabel: string;
  cancelTo: string;
  submission: Submission;
  onSubmit: (body: LocationBody) => void;
}) {
  const [values, setValues] = useState<LocationValues>({
    ...EMPTY_LOCATION,
    system_type: types.length === 1 ? types[0].code : '',
  });
  const [useAlternative, setUseAlternative] = useState(false);
  const { error } = submission;

  const type = types.find((t) => t.code === values.system_type);
  const inputs = type ? typeInputs(type, useAlternative) : null;
  const errors = splitError(error, shownFields(inputs));
  const problem = (field: string) =>
    error instanceof ApiError && errors.field(field)
      ? { message: error.message, looksLike: error.looksLike }
      : undefined;

  function set(field: keyof LocationValues, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    if (error instanceof ApiError && isField(error.field, field)) submission.reset();
  }

  function chooseType(code: SystemTypeCode | '') {
    setValues((v) => ({ ...v, system_type: code }));
    setUseAlternative(false);
    submission.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (type && inputs) onSubmit(locationBody(type, inputs, values));
  }

  return (
    <form onSubmit={submit} className="card form" aria-label={submitLabel} noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <div className="grid-2">
        <TextField
          label="Location name"
          name="name"
          required
          maxLength={200}
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          error={errors.field('name')}
        />
        <TypeSelect
          types={types}
          value={values.system_type}
          onChange={chooseType}
          error={errors.field('system_type')}
        />
      </div>

      {type && inputs && (
        <IdentificationFields
          type={type}
          inputs={inputs}
          useAlternative={useAlternative}
          onUseAlternative={(alt) => {
            setUseAlternative(alt);
            submission.reset();
          }}
          values={values}
          set={set}
          fieldError={errors.field}
          problem={problem}
          parentHwkc={parentHwkc}
          onSwitchType={(code) => types.some((t) => t.code === code) && chooseType(code)}
        />
      )}

      <TextAreaField
        label="Reference note"
        name="reference_note"
        rows={2}
        maxLength={500}
        hint="Optional: anything that helps you find this location again."
        value={values.reference_note}
        onChange={(e) => set('reference_note', e.target.value)}
        error={errors.field('reference_note')}
      />
      <div className="form-actions">
        <SubmitButton pending={submission.isPending} busyLabel="Creating…" disabled={!type}>
          {submitLabel}
        </SubmitButton>
        <Link to={cancelTo} className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}
