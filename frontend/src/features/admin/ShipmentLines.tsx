// The lines of a shipment being entered: a part and a quantity each, the parts filtered by
// system type, lines added and removed; each line shows the API's refusal meant for it.
import { useId, useState } from 'react';
import type { Part, SystemTypeCode } from '../../api/client';
import { SelectField, TextField } from '../../components/fields';
import { useParts } from '../licenses/queries';
import { useSystemTypeName, useSystemTypes } from '../locations/systemTypes';

export interface Line {
  key: number;
  part: string;
  quantity: string;
}

let nextKey = 1;
export const newLine = (): Line => ({ key: nextKey++, part: '', quantity: '1' });

function LineRow({
  line,
  index,
  parts,
  partError,
  quantityError,
  canRemove,
  onChange,
  onRemove,
}: {
  line: Line;
  index: number;
  parts: Part[];
  partError?: string;
  quantityError?: string;
  canRemove: boolean;
  onChange: (l: Line) => void;
  onRemove: () => void;
}) {
  // The chosen part stays selectable even when the filter would hide it.
  const options = line.part && !parts.some((p) => p.part_number === line.part) ? [line.part] : [];
  return (
    <li className="shipment-line">
      <SelectField
        label={`Part, line ${index + 1}`}
        required
        className="line-part"
        value={line.part}
        onChange={(e) => onChange({ ...line, part: e.target.value })}
        error={partError}
      >
        <option value="">Choose a part…</option>
        {options.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
        {parts.map((p) => (
          <option key={p.part_number} value={p.part_number}>
            {p.part_number} — {p.description}
          </option>
        ))}
      </SelectField>
      <TextField
        label={`Quantity, line ${index + 1}`}
        type="number"
        required
        min={1}
        max={1_000_000}
        step={1}
        inputMode="numeric"
        className="line-quantity"
        value={line.quantity}
        onChange={(e) => onChange({ ...line, quantity: e.target.value })}
        error={quantityError}
      />
      <button
        type="button"
        className="button button-small line-remove"
        onClick={onRemove}
        disabled={!canRemove}
        aria-label={`Remove line ${index + 1}`}
      >
        Remove
      </button>
    </li>
  );
}

export function ShipmentLines({
  lines,
  setLines,
  lineError,
  linesError,
}: {
  lines: Line[];
  setLines: (update: (lines: Line[]) => Line[]) => void;
  lineError: (line: Line, member: 'part_number' | 'quantity') => string | undefined;
  /** The API's refusal of the lines as a whole. */
  linesError?: string;
}) {
  const types = useSystemTypes();
  const typeName = useSystemTypeName();
  const allParts = useParts();
  const linesId = useId();
  const [filter, setFilter] = useState<SystemTypeCode | ''>('');
  const parts = (allParts.data ?? []).filter((p) => !filter || p.system_types.includes(filter));
  return (
    <fieldset
      className={`type-inputs${linesError ? ' has-error' : ''}`}
      aria-describedby={linesError ? `${linesId}-error` : undefined}
    >
      <legend>Lines</legend>
      <SelectField
        label="Show parts for system type"
        className="field-medium"
        value={filter}
        onChange={(e) => setFilter(e.target.value as SystemTypeCode | '')}
        hint={`${parts.length} of ${allParts.data?.length ?? 0} parts.`}
      >
        <option value="">All system types</option>
        {types.data?.map((t) => (
          <option key={t.code} value={t.code}>
            {typeName(t.code)}
          </option>
        ))}
      </SelectField>
      <ol className="shipment-lines">
        {lines.map((l, i) => (
          <LineRow
            key={l.key}
            line={l}
            index={i}
            parts={parts}
            partError={lineError(l, 'part_number')}
            quantityError={lineError(l, 'quantity')}
            canRemove={lines.length > 1}
            onChange={(next) => setLines((ls) => ls.map((x) => (x.key === next.key ? next : x)))}
            onRemove={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
          />
        ))}
      </ol>
      {linesError && (
        <p id={`${linesId}-error`} className="field-error" role="alert">
          {linesError}
        </p>
      )}
      <button type="button" className="button button-small" onClick={() => setLines((ls) => [...ls, newLine()])}>
        Add line
      </button>
    </fieldset>
  );
}
