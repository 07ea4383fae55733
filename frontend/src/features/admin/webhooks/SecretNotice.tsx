// An endpoint's signing secret, shown once: after adding the endpoint or rotating its secret.
import { useState } from 'react';
import type { WebhookEndpointWithSecret } from '../../../api/client';
import { TextField } from '../../../components/fields';
import { Notice } from '../../../components/feedback';
import { formatDateTime } from '../../../lib/format';

export function SecretNotice({
  shown,
  rotated,
  onDone,
}: {
  shown: WebhookEndpointWithSecret;
  rotated: boolean;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const title = rotated ? `New secret for ${shown.url}.` : `Endpoint ${shown.url} added.`;
  return (
    <Notice kind="success" title={title}>
      <p>
        <strong>Copy the signing secret now: it is shown only this once.</strong> The receiver verifies the{' '}
        <code>webhook-signature</code> header of every message with it (Standard Webhooks).
        {rotated && shown.previous_secret_until && (
          <> Until {formatDateTime(shown.previous_secret_until)} messages are also signed with the previous secret.</>
        )}
      </p>
      <TextField
        label="Signing secret"
        readOnly
        className="field-mono"
        value={shown.secret}
        onFocus={(e) => e.target.select()}
      />
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            navigator.clipboard.writeText(shown.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy secret
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          I have stored the secret
        </button>
        <span className="muted" aria-live="polite">
          {copied === true && 'Copied to the clipboard.'}
          {copied === false && 'The browser did not allow copying: select the secret and copy it yourself.'}
        </span>
      </div>
    </Notice>
  );
}
