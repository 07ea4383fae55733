// Creates an API key for the signed-in user; the secret is shown once, right here.
import { useState, type FormEvent } from 'react';
import type { CreatedApiKey } from '../../api/client';
import { SubmitButton, TextField } from '../../components/fields';
import { Notice, splitError } from '../../components/feedback';
import { formatDateTime } from '../../lib/format';
import { useCreateApiKey } from './queries';

/** The end of a calendar day in the reader's time zone, as the API's date-time. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

function CreatedKey({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Notice kind="success" title={`API key “${created.name}” created.`}>
      <p>
        <strong>Copy the key now: it is shown only this once</strong> and cannot be retrieved later. Store it where your
        integration keeps its secrets and send it as <code>Authorization: Bearer …</code>; it acts as you, with your
        partner and roles
        {created.expires_at ? `, until ${formatDateTime(created.expires_at)}` : ', until you revoke it'}.
      </p>
      <TextField
        label="Your new API key"
        readOnly
        className="field-mono"
        value={created.key_secret}
        onFocus={(e) => e.target.select()}
      />
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            navigator.clipboard.writeText(created.key_secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy key
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I have stored the key
        </button>
        <span className="muted" aria-live="polite">
          {copied === true && 'Copied to the clipboard.'}
          {copied === false && 'The browser did not allow copying: select the key and copy it yourself.'}
        </span>
      </div>
    </Notice>
  );
}

export function NewApiKeyForm() {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const errors = splitError(create.error, ['name', 'expires_at']);

  if (create.data) return <CreatedKey created={create.data} onDone={() => create.reset()} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), expires_at: expires ? endOfDay(expires) : null },
      {
        onSuccess: () => {
          setName('');
          setExpires('');
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="form" aria-label="New API key" noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <div className="grid-2">
        <TextField
          label="Name"
          required
          maxLength={100}
          autoComplete="off"
          hint="What the key is for, e.g. “ERP nightly sync”."
          {...errors.bind('name', name, setName)}
        />
        <TextField
          label="Expires on"
          type="date"
          hint="Optional: the key stops working at the end of this day. Empty: until you revoke it."
          {...errors.bind('expires_at', expires, setExpires)}
        />
      </div>
      <div className="form-actions">
        <SubmitButton pending={create.isPending} busyLabel="Creating…">
          Create API key
        </SubmitButton>
      </div>
    </form>
  );
}
