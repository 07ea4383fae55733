// One checkbox per event type an endpoint may receive.
import { useId } from 'react';
import type { WebhookEventType } from '../../../api/client';
import { EVENT_TYPES } from './eventTypes';

export function EventTypesFieldset({
  types,
  onChange,
  error,
}: {
  types: WebhookEventType[];
  onChange: (types: WebhookEventType[]) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset className={`checks${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Event types</legend>
      {EVENT_TYPES.map((e) => (
        <label key={e.type} className="check">
          <input
            type="checkbox"
            name="event_types"
            value={e.type}
            checked={types.includes(e.type)}
            onChange={(ev) => onChange(ev.target.checked ? [...types, e.type] : types.filter((t) => t !== e.type))}
          />
          <span>
            <code>{e.type}</code> <span className="muted">{e.text}</span>
          </span>
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
