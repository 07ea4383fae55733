// The URL, description and event types of a webhook endpoint: for a new one, or to change one.
import { useState, type FormEvent } from 'react';
import type { WebhookEndpoint, WebhookEventType } from '../../../api/client';
import { SubmitButton, TextField } from '../../../components/fields';
import { Notice, splitError, type Submission } from '../../../components/feedback';
import { EventTypesFieldset } from './EventTypesFieldset';
import { ALL_EVENT_TYPES } from './eventTypes';

export interface EndpointInput {
  url: string;
  description: string | null;
  event_types: WebhookEventType[];
}

export function EndpointForm({
  label,
  submitLabel,
  initial,
  submission,
  onSubmit,
  onCancel,
}: {
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  initial?: WebhookEndpoint;
  submission: Submission;
  onSubmit: (input: EndpointInput) => void;
  onCancel?: () => void;
}) {
  const [url, setUrl] = useState(initial?.url ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [types, setTypes] = useState<WebhookEventType[]>(initial?.event_types ?? ALL_EVENT_TYPES);
  const errors = splitError(submission.error, ['url', 'description', 'event_types']);

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit({ url: url.trim(), description: description.trim() || null, event_types: types });
  }

  return (
    <form onSubmit={submit} className="form" aria-label={label} noValidate>
      {errors.general && <Notice kind="error">{errors.general}</Notice>}
      <div className="grid-2">
        <TextField
          label="URL"
          required
          type="url"
          placeholder="https://businessnet.example/lms-events"
          hint="http or https; no user name or password in it: the signature authenticates the LMS."
          {...errors.bind('url', url, setUrl)}
        />
        <TextField label="Description" {...errors.bind('description', description, setDescription)} />
      </div>
      <EventTypesFieldset types={types} onChange={setTypes} error={errors.field('event_types')} />
      <div className="form-actions">
        <SubmitButton pending={submission.isPending} disabled={!url.trim() || types.length === 0}>
          {submitLabel}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
