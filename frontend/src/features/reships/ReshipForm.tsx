// What a reship needs (SPEC §6): the dealer (by the e-mail of one of its users), the sales order
// and PO numbers the dealer's new PO gets, and the quantities per selected bin line.
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { Notice, splitError } from '../../components/feedback';
import { SubmitButton, TextField } from '../../components/fields';
import { plural } from '../../lib/format';
import type { Selected } from '../licenses/binSelection';
import type { useCreateReship } from './queries';
import { ReshipLinesTable } from './ReshipLinesTable';
import { lineRefusal, linesToSend, type DraftLine } from './reshipLines';

const FIELDS = {
  dealer_email: 'the e-mail of the dealer’s user',
  so_number: 'the SO number',
  po_number: 'the PO number',
};
type Field = keyof typeof FIELDS;

export function ReshipForm({
  selected,
  reship,
  onReshipped,
  onCancel,
}: {
  selected: Selected[];
  reship: ReturnType<typeof useCreateReship>;
  onReshipped: () => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<Field, string>>({ dealer_email: '', so_number: '', po_number: '' });
  // The selection as it was when the dialog opened: the bin behind it may refresh meanwhile.
  const [lines, setLines] = useState<DraftLine[]>(() =>
    selected.map((s) => ({ selected: s, available: s.line.available })),
  );
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(selected.map((s) => [s.line.id, String(s.quantity)])),
  );
  // The PO line ids in the order the last request sent them: an error points at one by index.
  const [sentIds, setSentIds] = useState<string[]>([]);
  const [blank, setBlank] = useState<ApiError | null>(null);

  const error = blank ?? reship.error;
  const refusal = lineRefusal(error, sentIds);
  const errors = splitError(refusal ? null : error, Object.keys(FIELDS));
  const { send, invalid } = linesToSend(lines, texts);
  const total = send.reduce((n, l) => n + l.quantity, 0);

  function set(field: Field, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    setBlank(null);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    reship.reset();
    const missing = (Object.keys(FIELDS) as Field[]).find((f) => values[f].trim() === '');
    if (missing) {
      setBlank(new ApiError(422, 'REQUIRED', `enter ${FIELDS[missing]}`, { field: `/${missing}` }));
      return;
    }
    setBlank(null);
    setSentIds(send.map((l) => l.po_line_id));
    reship.mutate(
      { ...values, lines: send },
      {
        onSuccess: onReshipped,
        onError: (err) => {
          // Fewer are left than we knew: the line's bound follows the server.
          const at = lineRefusal(
            err,
            send.map((l) => l.po_line_id),
          );
          const available = err instanceof ApiError ? err.details?.available : undefined;
          if (at && typeof available === 'number')
            setLines((ls) => ls.map((l) => (l.selected.line.id === at.lineId ? { ...l, available } : l)));
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="form" aria-label="Reship to a dealer" noValidate>
      {errors.general && (
        <Notice kind="error" title="Nothing was reshipped">
          {errors.general}
        </Notice>
      )}
      {refusal && <Notice kind="error">Nothing was reshipped. Change the marked line and try again.</Notice>}
      <TextField
        label="Dealer user’s e-mail"
        type="email"
        required
        autoFocus
        autoComplete="off"
        hint="The e-mail address of one of the dealer’s users; you need a shipping allowance for that dealer."
        {...errors.bind('dealer_email', values.dealer_email, (v) => set('dealer_email', v))}
      />
      <div className="grid-2">
        <TextField
          label="SO number"
          required
          maxLength={40}
          hint="Your sales order to the dealer."
          {...errors.bind('so_number', values.so_number, (v) => set('so_number', v))}
        />
        <TextField
          label="PO number"
          required
          maxLength={40}
          hint="The dealer’s purchase order: its bin shows the licenses under this number."
          {...errors.bind('po_number', values.po_number, (v) => set('po_number', v))}
        />
      </div>
      <ReshipLinesTable
        lines={lines}
        texts={texts}
        setText={(id, text) => {
          setTexts((t) => ({ ...t, [id]: text }));
          reship.reset();
        }}
        refusal={refusal}
        disabled={reship.isPending}
      />
      <div className="form-actions">
        <SubmitButton pending={reship.isPending} busyLabel="Reshipping…" disabled={invalid || total === 0}>
          {`Reship ${plural(total, 'license')}`}
        </SubmitButton>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
