import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Customer } from '../../api/client';
import { SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError, type Submission } from '../../components/feedback';
import { countryName } from '../../lib/format';

export type CustomerValues = Record<(typeof FIELDS)[number], string>;

const FIELDS = [
  'name',
  'country',
  'reference_note',
  'address',
  'postal_code',
  'city',
  'contact_name',
  'email',
  'phone',
] as const;
/** The fields a customer may leave empty. */
export const OPTIONAL_CUSTOMER_FIELDS = FIELDS.filter((f) => f !== 'name' && f !== 'country');

export function customerValues(c?: Customer): CustomerValues {
  const v = {} as CustomerValues;
  for (const f of FIELDS) v[f] = (c?.[f] as string | null | undefined) ?? '';
  return v;
}

/** The customer form, for create and edit; the API's refusal of `submission` shows at its field. */
export function CustomerForm({
  initial,
  submitLabel,
  cancelTo,
  submission,
  onSubmit,
}: {
  initial: CustomerValues;
  submitLabel: string;
  cancelTo: string;
  submission: Submission;
  onSubmit: (values: CustomerValues) => void;
}) {
  const [values, setValues] = useState(initial);
  const errors = splitError(submission.error, FIELDS);
  const country = countryName(values.country);

  const bind = (name: keyof CustomerValues) => ({
    name,
    value: values[name],
    error: errors.field(name),
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit(values);
  }

  return (
    <form onSubmit={submit} className="card form" aria-label={submitLabel} noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <fieldset>
        <legend>Customer</legend>
        <div className="grid-2">
          <TextField label="Business name" required autoComplete="organization" maxLength={200} {...bind('name')} />
          <TextField
            label="Reference note"
            hint="Your own customer number or a short note."
            {...bind('reference_note')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Address</legend>
        <div className="grid-2">
          <TextField label="Street and number" autoComplete="street-address" {...bind('address')} />
          <TextField label="Postal code" autoComplete="postal-code" {...bind('postal_code')} />
          <TextField label="City" autoComplete="address-level2" {...bind('city')} />
          <TextField
            label="Country"
            required
            autoComplete="country"
            maxLength={2}
            className="field-short"
            hint="Two-letter ISO code, e.g. NL, DE, GB."
            status={country ? <span className="ok">{country}</span> : null}
            {...bind('country')}
            onChange={(e) => setValues((v) => ({ ...v, country: e.target.value.toUpperCase() }))}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Contact</legend>
        <div className="grid-3">
          <TextField label="Contact name" autoComplete="name" {...bind('contact_name')} />
          <TextField label="E-mail" type="email" autoComplete="email" {...bind('email')} />
          <TextField label="Phone" type="tel" autoComplete="tel" {...bind('phone')} />
        </div>
      </fieldset>
      <div className="form-actions">
        <SubmitButton pending={submission.isPending} busyLabel="Saving…">
          {submitLabel}
        </SubmitButton>
        <Link to={cancelTo} className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}
