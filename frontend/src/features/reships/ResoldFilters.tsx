// The filters of the resold licenses: a dealer (of those seen so far) and a date range.
import { SelectField, TextField } from '../../components/fields';

export interface ResoldFilterInput {
  dealerId: string;
  /** `YYYY-MM-DD` or empty, both days included. */
  from: string;
  to: string;
}

export function ResoldFilters({
  value,
  onChange,
  dealers,
  rangeError,
}: {
  value: ResoldFilterInput;
  onChange: (value: ResoldFilterInput) => void;
  /** Dealer id → name. */
  dealers: Record<string, string>;
  /** Said at "To" when it is before "From". */
  rangeError?: string;
}) {
  const names = Object.entries(dealers).sort(([, a], [, b]) => a.localeCompare(b));
  return (
    <div className="inline-fields resold-filters">
      <SelectField
        label="Dealer"
        value={value.dealerId}
        onChange={(e) => onChange({ ...value, dealerId: e.target.value })}
      >
        <option value="">All dealers</option>
        {names.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="From"
        type="date"
        value={value.from}
        max={value.to || undefined}
        onChange={(e) => onChange({ ...value, from: e.target.value })}
      />
      <TextField
        label="To"
        type="date"
        value={value.to}
        min={value.from || undefined}
        error={rangeError}
        onChange={(e) => onChange({ ...value, to: e.target.value })}
      />
      {(value.dealerId || value.from || value.to) && (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => onChange({ dealerId: '', from: '', to: '' })}>
            Show all
          </button>
        </div>
      )}
    </div>
  );
}
