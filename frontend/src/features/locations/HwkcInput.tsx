// A HWKC text field that asks the API, as the user types, whether the code fits the chosen
// system type (`POST /system-types/{code}/hwkc-check`) and shows its verdict under the field.
import type { SystemTypeCode, SystemTypeInfo } from '../../api/client';
import { TextField } from '../../components/fields';
import { useDebounced } from '../../lib/hooks';
import { sentence } from '../../lib/format';
import { useHwkcCheck } from './queries';
import { useSystemTypeName } from './systemTypes';

/** The error of a submitted form, when it concerns this field. */
export interface FieldProblem {
  message: string;
  looksLike: SystemTypeCode | null;
}

/** The API's message already says which type the code looks like; offer to switch to it. */
function LooksLike({ code, onSwitch }: { code: SystemTypeCode; onSwitch?: (code: SystemTypeCode) => void }) {
  const typeName = useSystemTypeName();
  if (!onSwitch) return null;
  return (
    <span className="looks-like">
      <button type="button" className="button button-small" onClick={() => onSwitch(code)}>
        Use system type {typeName(code)}
      </button>
    </span>
  );
}

export function HwkcInput({
  label,
  name,
  type,
  value,
  onChange,
  required,
  problem,
  onSwitchType,
  hint,
}: {
  label: string;
  name: string;
  type: SystemTypeInfo;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  /** The API's answer to the submitted form, shown instead of the live check. */
  problem?: FieldProblem;
  /** Offered when the code fits another type the user may choose. */
  onSwitchType?: (code: SystemTypeCode) => void;
  hint?: string;
}) {
  const settled = useDebounced(value.trim(), 350);
  const check = useHwkcCheck(type, settled, !problem);
  const current = settled === value.trim() && settled !== '' ? check.data : undefined;

  let error = null;
  let status = null;
  if (problem) {
    error = (
      <>
        {sentence(problem.message)}
        {problem.looksLike && <LooksLike code={problem.looksLike} onSwitch={onSwitchType} />}
      </>
    );
  } else if (current && !current.valid) {
    error = (
      <>
        {current.error ? sentence(current.error) : 'This is not a valid hardware key code for the system type.'}
        {current.looks_like && <LooksLike code={current.looks_like} onSwitch={onSwitchType} />}
      </>
    );
  } else if (current?.valid) {
    status = (
      <span className="ok">
        ✓ Valid {type.name} code
        {current.normalized && current.normalized !== value.trim() && (
          <>
            {' '}
            — it will be stored as <code className="hwkc">{current.normalized}</code>
          </>
        )}
      </span>
    );
  } else if (value.trim() !== '' && (settled !== value.trim() || check.isFetching)) {
    status = <span className="muted">Checking…</span>;
  }

  return (
    <TextField
      label={label}
      name={name}
      required={required}
      autoComplete="off"
      spellCheck={false}
      className="field-mono"
      hint={hint ?? `${sentence(type.hwkc.description)}, e.g. ${type.hwkc.example}`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      status={status}
    />
  );
}
