// "Reship SWA units…" (SPEC §6, §10): units from the distributor's SWA bin, earliest expiry
// first, to a dealer named by the e-mail of one of its users.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { Notice, splitError } from '../../components/feedback';
import { SubmitButton, TextField } from '../../components/fields';
import { plural } from '../../lib/format';
import { useSwaBin } from '../swa/queries';
import { useCreateSwaReship } from './queries';

const EMPTY = { dealer_email: '', so_number: '', po_number: '', units: '' };
type Field = keyof typeof EMPTY;

/** What a 409 INSUFFICIENT_SWA_UNITS says in numbers: needed, available, missing. */
function shortage(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'INSUFFICIENT_SWA_UNITS') return undefined;
  const n = (k: string) => (typeof error.details?.[k] === 'number' ? (error.details[k] as number) : '?');
  return `Not enough unexpired SWA units: ${n('needed')} needed, ${n('available')} available, ${n('missing')} missing.`;
}

/** The portal's own refusal: a blank field, or units that are no whole number above 0. */
function check(values: typeof EMPTY): ApiError | null {
  const blank = (Object.keys(values) as Field[]).find((f) => values[f].trim() === '');
  if (blank) return new ApiError(422, 'REQUIRED', 'fill in this field', { field: `/${blank}` });
  if (!/^[1-9]\d{0,6}$/.test(values.units.trim()))
    return new ApiError(422, 'INVALID_FIELD', 'enter a whole number of units above 0', { field: '/units' });
  return null;
}

export function SwaReshipForm() {
  const reship = useCreateSwaReship();
  const bin = useSwaBin();
  const [values, setValues] = useState(EMPTY);
  const [invalid, setInvalid] = useState<ApiError | null>(null);
  const error = invalid ?? reship.error;
  const errors = splitError(error, Object.keys(EMPTY));
  const bind = (f: Field) =>
    errors.bind(f, values[f], (v) => {
      setValues((old) => ({ ...old, [f]: v }));
      setInvalid(null);
    });

  const units = bind('units');

  function submit(e: FormEvent) {
    e.preventDefault();
    reship.reset();
    const problem = check(values);
    setInvalid(problem);
    if (problem) return;
    reship.mutate({ ...values, units: Number(values.units.trim()) }, { onSuccess: () => setValues(EMPTY) });
  }

  const done = reship.data;
  return (
    <form onSubmit={submit} className="form" aria-label="Reship SWA units" noValidate>
      {done && (
        <Notice kind="success" title={`${plural(done.units, 'SWA unit')} reshipped to ${done.dealer_name}`}>
          They are in {done.dealer_name}’s SWA bin as PO {done.po_number} (SO {done.so_number}), with the expiry dates
          they had.
        </Notice>
      )}
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <TextField label="Dealer user’s e-mail" type="email" required autoComplete="off" {...bind('dealer_email')} />
      <div className="grid-3">
        <TextField label="SO number" required maxLength={40} {...bind('so_number')} />
        <TextField label="PO number" required maxLength={40} {...bind('po_number')} />
        <TextField
          label="Units"
          required
          inputMode="numeric"
          hint={bin.data ? `${bin.data.available_units} unexpired units available.` : undefined}
          {...units}
          error={shortage(error) ?? units.error}
        />
      </div>
      <div className="form-actions">
        <SubmitButton pending={reship.isPending} busyLabel="Reshipping…">
          Reship SWA units
        </SubmitButton>
      </div>
    </form>
  );
}
