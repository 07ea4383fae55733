// The system type chooser of the location form: the LMS's own types and the external products
// in groups when both are offered.
import type { SystemTypeCode, SystemTypeInfo } from '../../api/client';
import { SelectField } from '../../components/fields';

function Options({ types }: { types: SystemTypeInfo[] }) {
  return types.map((t) => (
    <option key={t.code} value={t.code}>
      {t.name}
    </option>
  ));
}

export function TypeSelect({
  types,
  value,
  onChange,
  error,
}: {
  types: SystemTypeInfo[];
  value: SystemTypeCode | '';
  onChange: (code: SystemTypeCode | '') => void;
  error?: string;
}) {
  const lms = types.filter((t) => t.category === 'lms');
  const external = types.filter((t) => t.category === 'external');
  return (
    <SelectField
      label="System type"
      name="system_type"
      required
      value={value}
      onChange={(e) => onChange(e.target.value as SystemTypeCode | '')}
      error={error}
    >
      {types.length > 1 && <option value="">Choose a system type…</option>}
      {lms.length > 0 && external.length > 0 ? (
        <>
          <optgroup label="Licensed by the LMS">
            <Options types={lms} />
          </optgroup>
          <optgroup label="External products">
            <Options types={external} />
          </optgroup>
        </>
      ) : (
        <Options types={types} />
      )}
    </SelectField>
  );
}
