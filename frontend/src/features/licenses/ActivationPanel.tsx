// Activating attached licenses: the preview, the license agreement, and the irreversible step.
import { useId, useState, type FormEvent } from 'react';
import type { Activation, Attachment, Location } from '../../api/client';
import { ErrorNotice, Loading } from '../../components/feedback';
import { SubmitButton } from '../../components/fields';
import { plural } from '../../lib/format';
import { ActivationPreview } from './ActivationPreview';
import { useActivate, useLicensePreview } from './queries';

export function ActivationPanel({
  l,
  ids,
  rows,
  onCancel,
  onDone,
}: {
  l: Location;
  ids: string[];
  rows: Attachment[];
  onCancel: () => void;
  onDone: (done: Activation) => void;
}) {
  const headingId = useId();
  const [accepted, setAccepted] = useState(false);
  const preview = useLicensePreview(l.id, ids);
  const activate = useActivate(l.id);
  const violation = preview.data?.rule_violation ?? null;
  const busy = activate.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    activate.mutate(ids, { onSuccess: onDone });
  }

  const count = rows.reduce((n, r) => n + r.quantity, 0);
  return (
    <section className="activation-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Activate {plural(count, 'license')}</h3>
      <p className="muted">
        {rows.map((r) => `${r.quantity} × ${r.part_number}`).join(', ')} from{' '}
        {[...new Set(rows.map((r) => r.po_number))].map((p) => `PO ${p}`).join(', ')}
      </p>
      {preview.isPending && <Loading what="the preview" />}
      {preview.isError && <ErrorNotice error={preview.error} title="The preview could not be made" />}
      {preview.isSuccess && (
        <>
          <ActivationPreview preview={preview.data} />
          <form onSubmit={submit} className="form" aria-label="Activate licenses" noValidate>
            <label className="check agreement">
              <input
                type="checkbox"
                required
                checked={accepted}
                disabled={violation != null}
                onChange={(e) => setAccepted(e.target.checked)}
              />
              <span>
                <strong>I accept the license agreement</strong>{' '}
                <span className="muted">
                  for these licenses. Activation is permanent: activated licenses can never be detached or moved to
                  another location.
                </span>
              </span>
            </label>
            <ErrorNotice error={activate.error} title="Nothing was activated" />
            <div className="form-actions">
              <SubmitButton pending={busy} busyLabel="Activating…" disabled={!accepted || violation != null}>
                Activate permanently
              </SubmitButton>
              <button type="button" className="button" onClick={onCancel} disabled={busy}>
                Cancel
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
