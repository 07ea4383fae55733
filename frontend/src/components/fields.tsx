// Labelled form controls. Each control gets its label, its hint and its error (described by
// `aria-describedby`, flagged with `aria-invalid`), so a screen reader hears all three.
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** Extra live text under the control (e.g. the HWKC check), announced politely. */
  status?: ReactNode;
  required?: boolean;
  className?: string;
}

function useFieldIds() {
  const id = useId();
  return { id, hint: `${id}-hint`, error: `${id}-error`, status: `${id}-status` };
}

function describedBy(ids: ReturnType<typeof useFieldIds>, f: FieldFrame) {
  return [f.hint && ids.hint, f.status && ids.status, f.error && ids.error].filter(Boolean).join(' ') || undefined;
}

function Frame({ ids, f, children }: { ids: ReturnType<typeof useFieldIds>; f: FieldFrame; children: ReactNode }) {
  return (
    <div className={`field${f.error ? ' has-error' : ''}${f.className ? ` ${f.className}` : ''}`}>
      <label htmlFor={ids.id}>
        {f.label}
        {f.required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {children}
      {f.hint && (
        <p id={ids.hint} className="hint">
          {f.hint}
        </p>
      )}
      <div id={ids.status} className="field-status" aria-live="polite">
        {f.status}
      </div>
      {f.error && (
        <p id={ids.error} className="field-error" role="alert">
          {f.error}
        </p>
      )}
    </div>
  );
}

type InputProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

export function TextField({ label, hint, error, status, required, className, ...input }: InputProps) {
  const ids = useFieldIds();
  const f = { label, hint, error, status, required, className };
  return (
    <Frame ids={ids} f={f}>
      <input
        id={ids.id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, f)}
        {...input}
      />
    </Frame>
  );
}

type SelectProps = FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>;

export function SelectField({ label, hint, error, status, required, className, children, ...select }: SelectProps) {
  const ids = useFieldIds();
  const f = { label, hint, error, status, required, className };
  return (
    <Frame ids={ids} f={f}>
      <select
        id={ids.id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, f)}
        {...select}
      >
        {children}
      </select>
    </Frame>
  );
}

type TextAreaProps = FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>;

export function TextAreaField({ label, hint, error, status, required, className, ...area }: TextAreaProps) {
  const ids = useFieldIds();
  const f = { label, hint, error, status, required, className };
  return (
    <Frame ids={ids} f={f}>
      <textarea
        id={ids.id}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, f)}
        {...area}
      />
    </Frame>
  );
}

/**
 * A form's primary button: disabled while the request is `pending` (or when `disabled`), and
 * saying `busyLabel` meanwhile when given.
 */
export function SubmitButton({
  pending,
  busyLabel,
  disabled,
  children,
}: {
  pending: boolean;
  busyLabel?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="submit" className="button button-primary" disabled={pending || disabled}>
      {pending && busyLabel ? busyLabel : children}
    </button>
  );
}
