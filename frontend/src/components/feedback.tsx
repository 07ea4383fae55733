import { useEffect, useState, type ChangeEvent, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { sentence } from '../lib/format';

/** A message box: `error` is announced at once, `info`/`success` politely. */
export function Notice({
  kind,
  title,
  children,
}: {
  kind: 'error' | 'info' | 'success';
  title?: string;
  children: ReactNode;
}) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title && <strong className="notice-title">{title}</strong>}
      <div>{children}</div>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

/** The message of an error the portal could not attribute to a form field. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Notice kind="error" title={title}>
      {errorMessage(error)}
    </Notice>
  );
}

/**
 * An error whose message ends in the user guide's action (`… What to do: …`, e.g. the DECT
 * upload's codes): the code, the reason and what to do, each on its own line.
 */
export function GuideErrorNotice({ error, title }: { error: unknown; title: string }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) return <ErrorNotice error={error} title={title} />;
  const { reason, action } = splitUserAction(error.message);
  return (
    <div className="notice notice-error guide-error" role="alert" data-code={error.code}>
      <strong className="notice-title">
        {title} <code>{error.code}</code>
      </strong>
      <p>{reason}</p>
      {action && (
        <p className="user-action">
          <strong>What to do:</strong> {action}
        </p>
      )}
    </div>
  );
}

/** "the PARI differs What to do: Enter …" → the reason as a sentence, and the action. */
export function splitUserAction(message: string): { reason: string; action: string | null } {
  const at = message.indexOf('What to do:');
  if (at < 0) return { reason: sentence(message), action: null };
  const reason = sentence(message.slice(0, at).trim());
  return {
    reason: /[.!?]$/.test(reason) || reason === '' ? reason : `${reason}.`,
    action: message.slice(at + 'What to do:'.length).trim() || null,
  };
}

/** The message of an error, as a sentence (API messages start in lower case). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return sentence(error.message);
  return 'Something went wrong.';
}

/**
 * The reference tokens of a JSON Pointer (RFC 6901): "/lines/2/quantity" → ["lines", "2",
 * "quantity"]; null for a field that is no pointer (the bare name of a query parameter, header
 * or multipart field).
 */
export function pointerTokens(field: string | null | undefined): string[] | null {
  if (!field?.startsWith('/')) return null;
  return field
    .slice(1)
    .split('/')
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Whether an error's `field` is the form field `name`. The API names a member of the JSON body
 * by a pointer (`/name`) and a query parameter, header or multipart field by its bare name
 * (`limit`, `file`): a plain `name` matches either; a `name` that is itself a pointer
 * (`/lines/2/quantity`) matches only that pointer.
 */
export function isField(field: string | null | undefined, name: string): boolean {
  if (!field) return false;
  if (name.startsWith('/')) return field === name;
  return field === name || field === `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * The item of an array in the request body that an error's field points into:
 * "/lines/2/quantity" → `{ index: 2, member: 'quantity' }` (the index as the request sent the
 * array), "/lines/0" → `{ index: 0, member: null }`; null when the field points elsewhere
 * (`/lines` itself, `/name`, or a bare name).
 */
export function linePointer(
  field: string | null | undefined,
  array = 'lines',
): { index: number; member: string | null } | null {
  const tokens = pointerTokens(field);
  if (!tokens || tokens.length < 2 || tokens[0] !== array || !/^(0|[1-9][0-9]*)$/.test(tokens[1])) return null;
  return { index: Number(tokens[1]), member: tokens.length > 2 ? tokens.slice(2).join('/') : null };
}

/**
 * Splits a failed request's error between a form's fields: `field(name)` is the message for
 * that field, `general` the message to show above the form when no shown field is meant.
 * Names are matched with {@link isField}: `name` for the body member `/name` (or the query,
 * header or multipart field `name`), a whole pointer such as `/lines/2/quantity` for itself.
 */
export function splitError(error: unknown, shownFields: readonly string[]) {
  const apiError = error instanceof ApiError ? error : null;
  const onField = apiError ? (shownFields.find((name) => isField(apiError.field, name)) ?? null) : null;
  const field = (name: string): string | undefined =>
    onField === name && apiError ? sentence(apiError.message) : undefined;
  return {
    field,
    general: error && onField === null ? errorMessage(error) : undefined,
    /**
     * A text control kept in `value` by `set`, with the error of the field `name`:
     * `<TextField {...errors.bind('name', name, setName)} />`.
     */
    bind: (name: string, value: string, set: (value: string) => void) => ({
      value,
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => set(e.target.value),
      error: field(name),
    }),
  };
}

/**
 * What a form shows of the request it submitted (a react-query mutation is one): whether it is
 * under way, its error, and how to forget that error once the user corrects the field.
 */
export interface Submission {
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

/** What a page passes to the next one after a change (`navigate(to, { state: { flash } })`). */
export interface FlashState {
  flash?: string;
}

/**
 * Shows the confirmation the previous page left in the navigation state, once: the state is
 * dropped from the history entry, so a reload or going back does not show it again.
 */
export function Flash() {
  const location = useLocation();
  const navigate = useNavigate();
  const [flash] = useState((location.state as FlashState | null)?.flash);
  useEffect(() => {
    if ((location.state as FlashState | null)?.flash)
      navigate(location.pathname + location.search, { replace: true, state: null });
  }, [location, navigate]);
  return flash ? <Notice kind="success">{flash}</Notice> : null;
}
