// The one configured API client: same-origin `/api/v1` (paths in the generated schema carry
// the prefix), the session token from sessionStorage, and a 401 handler that sends the user
// back to the login page.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type Customer = Schemas['CustomerView'];
export type CustomerBody = Schemas['CustomerBody'];
export type CustomerPatch = Schemas['CustomerPatch'];
export type Location = Schemas['LocationView'];
/**
 * A new location as the portal's form assembles it from the catalog (`GET /system-types`)
 * at run time: the inputs the schemas of the system types name. The document states each
 * type's own schema (`LocationBody`, `ChildLocationBody`), which the server checks.
 */
export type LocationBody = { name: string; system_type: SystemTypeCode } & Partial<
  Record<
    'hwkc' | 'secondary_hwkc' | 'product_key' | 'mac_address' | 'full_computer_name' | 'domain_name' | 'reference_note',
    string | null
  >
>;
export type LocationPatch = Schemas['LocationPatch'];
export type SystemTypeInfo = Schemas['SystemTypeView'];
export type SystemTypeCode = Schemas['SystemType'];
export type InputKind = Schemas['InputKind'];
export type Me = Schemas['Me'];
export type Partner = Schemas['PartnerView'];
export type Role = Schemas['Role'];
export type Tier = Schemas['Tier'];
export type PurchaseOrder = Schemas['PurchaseOrderView'];
export type PoLine = Schemas['PoLineView'];
export type Attachment = Schemas['AttachmentView'];
export type LocationLicenses = Schemas['LocationLicensesView'];
export type Stacked = Schemas['Stacked'];
export type Preview = Schemas['PreviewView'];
export type Activation = Schemas['ActivationView'];
export type Part = Schemas['PartView'];
export type PartKind = Schemas['PartKind'];
export type AuditEvent = Schemas['AuditEventView'];
/** What an audit event records, e.g. `license.attached`; narrowing on it types the event's `details`. */
export type AuditAction = AuditEvent['action'];
/** One part and its quantity in an audit event's `details` (shipped, activated or imported). */
export type AuditPartLine = Schemas['ShippedLine'];
export type User = Schemas['UserView'];
export type UserPatch = Schemas['UserPatch'];
export type DectImport = Schemas['DectImportView'];
export type DectImportState = Schemas['DectImportStateView'];
export type ApiKey = Schemas['ApiKeyView'];
export type CreatedApiKey = Schemas['CreatedApiKeyView'];
export type SwaStatus = Schemas['SwaStatus'];
export type SwaBin = Schemas['SwaBinView'];
export type SwaPo = Schemas['SwaPoView'];
export type SwaProspect = Schemas['ProspectView'];
export type SwaQuote = Schemas['QuoteView'];
export type SwaAssignment = Schemas['AssignmentView'];
export type SwaAssignmentState = Schemas['AssignmentState'];
export type SwaRenewalQuote = Schemas['RenewalQuoteView'];
export type SwaRenewalLine = Schemas['RenewalLineView'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type WebhookEndpoint = Schemas['WebhookEndpointView'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type WebhookEndpointBody = Schemas['WebhookEndpointBody'];
export type WebhookEndpointPatch = Schemas['WebhookEndpointPatch'];
export type WebhookMessage = Schemas['WebhookMessageView'];
export type WebhookMessageDetail = Schemas['WebhookMessageDetailView'];
export type WebhookMessageStatus = Schemas['MessageStatus'];

/** A token kept in sessionStorage: gone when the tab closes. */
function storedToken(key: string) {
  return {
    get: (): string | null => sessionStorage.getItem(key),
    set: (token: string) => sessionStorage.setItem(key, token),
    clear: () => sessionStorage.removeItem(key),
  };
}

/** The token every request carries: the user's own session, or an impersonation's. */
export const sessionToken = storedToken('lms.session-token');

/**
 * While impersonating: the user's own session token, kept so the user gets back to it even when
 * the server cannot be asked (see `auth/session.tsx`).
 */
export const ownSessionToken = storedToken('lms.own-session-token');

let unauthorized: () => void = () => {};
let impersonationEnded: () => void = () => {};

/** Registers what happens when the API answers 401 (the session ended or the token expired). */
export function onUnauthorized(handler: () => void) {
  unauthorized = handler;
}

/**
 * Registers what happens when the API answers 403 `IMPERSONATION_ENDED`: the impersonation's
 * grounds went away (its shipping allowance was removed, the user acted as was disabled).
 */
export function onImpersonationEnded(handler: () => void) {
  impersonationEnded = handler;
}

/** Logins, whose 401 is a refused credential, not an ended session. */
const LOGIN_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/businessnet']);

/** Whether a 403 answer says that the impersonation has ended (read from a copy of the body). */
async function saysImpersonationEnded(response: Response): Promise<boolean> {
  try {
    const body: unknown = await response.clone().json();
    return isErrorBody(body) && body.error.code === 'IMPERSONATION_ENDED';
  } catch {
    return false;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = sessionToken.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    // A failed login is a wrong password or a refused assertion, not an ended session.
    if (response.status === 401 && !LOGIN_PATHS.has(new URL(request.url).pathname)) unauthorized();
    if (response.status === 403 && (await saysImpersonationEnded(response))) impersonationEnded();
    return response;
  },
};

/**
 * Lists also answer `text/csv` (their CSV export, see `export.ts`); the client reads JSON, so
 * its answers are typed by their JSON content alone.
 */
export const api = createClient<paths, `${string}/json`>({ baseUrl: window.location.origin });
api.use(auth);

/** The machine-readable facts of an error (`error.details`), e.g. `available` for `NOT_ENOUGH_QUANTITY`. */
export type ErrorDetails = Record<string, unknown>;

/**
 * An API error as the portal shows it: the message, and the request field it belongs to as the
 * server sent it (a JSON Pointer into the body such as `/lines/2/quantity`, or the bare name of
 * a query parameter, header or multipart field), with the error's `details`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly details: ErrorDetails | null;
  readonly looksLike: SystemTypeCode | null;

  constructor(
    status: number,
    code: string,
    message: string,
    {
      field = null,
      details = null,
      looksLike = null,
    }: { field?: string | null; details?: ErrorDetails | null; looksLike?: SystemTypeCode | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
    this.looksLike = looksLike;
  }
}

function isErrorBody(body: unknown): body is Schemas['ErrorBody'] {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const detail = (body as { error: unknown }).error;
  return typeof detail === 'object' && detail !== null && 'message' in detail && 'code' in detail;
}

/** The `details` of an error body: an object, or null. */
function detailsOf(detail: object): ErrorDetails | null {
  const details = 'details' in detail ? detail.details : null;
  return typeof details === 'object' && details !== null && !Array.isArray(details) ? (details as ErrorDetails) : null;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an {@link ApiError} built from
 * the `{"error": {...}}` body (or a plain one when the server could not be reached).
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  return (await callWithResponse(request)).data;
}

/** Like {@link call}, and also hands back the response (for its headers). */
export async function callWithResponse<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ data: T; response: Response }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'NETWORK', 'The LMS server cannot be reached. Check your connection and try again.');
  }
  const { data, error, response } = result;
  if (!response.ok) {
    if (isErrorBody(error)) {
      const e = error.error;
      throw new ApiError(response.status, e.code, e.message, {
        field: e.field ?? null,
        details: detailsOf(e),
        looksLike: (e.looks_like as SystemTypeCode) ?? null,
      });
    }
    throw new ApiError(response.status, 'HTTP_ERROR', `The server answered ${response.status} ${response.statusText}.`);
  }
  return { data: data as T, response };
}

/** A file the API answered with (license file, demo file). */
export interface ApiFile {
  blob: Blob;
  name: string;
  response: Response;
}

/**
 * Awaits a file download made with `parseAs: 'blob'`: the bytes and the name from
 * `Content-Disposition`, or an {@link ApiError} from the JSON error body.
 */
export async function callFile(
  request: Promise<{ data?: Blob; error?: unknown; response: Response }>,
  fallbackName: string,
): Promise<ApiFile> {
  const { data, response } = await callWithResponse(request);
  return { blob: data, name: fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName, response };
}

/** The file name of a `Content-Disposition` header (`filename*=UTF-8''…` preferred). */
export function fileNameOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return safeName(decodeURIComponent(extended[1].trim()));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  return name ? safeName(name) : undefined;
}

/** A name without folders in it, so the browser saves it where the user chose. */
function safeName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop()?.trim();
  return base || undefined;
}

/**
 * The request options of a multipart upload with one `file` field (the API's `FileUpload`):
 * spread into an openapi-fetch call. The schema types the binary field as a string, so the
 * typed body carries only the name; the serializer sends the file itself, and openapi-fetch
 * leaves the `Content-Type` (with its boundary) to the browser for a `FormData` body.
 */
export function fileUpload(file: File) {
  return {
    body: { file: file.name },
    bodySerializer: () => {
      const form = new FormData();
      form.append('file', file, file.name);
      return form;
    },
  };
}

/** Hands a downloaded file to the browser, which saves it under `name`. */
export function saveFile(file: ApiFile) {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
