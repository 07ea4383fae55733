// Shared helpers: the server URL from global setup, demo logins, screenshots, small checks.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { join } from 'node:path';

export const test = base.extend({
  // Playwright reads the fixture's dependencies from the destructuring pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.LMS_E2E_URL;
    if (!url) throw new Error('LMS_E2E_URL is not set: the global setup did not start the server');
    await use(url);
  },
});
export { expect };

export const DEMO = {
  dealer: {
    email: 'dealer@lms.demo',
    password: 'dealer-demo-password',
    name: 'Dana Dealer',
    partner: 'Zonneveld Telecom',
  },
  distributor: {
    email: 'distributor@lms.demo',
    password: 'distributor-demo-password',
    name: 'Dirk Distributor',
    partner: 'Northwind Distribution',
  },
  admin: { email: 'admin@lms.demo', password: 'admin-demo-password', name: 'Vera Vendor', partner: 'Vendor staff' },
} as const;

export async function login(page: Page, who: { email: string; password: string; name: string }) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('whoami')).toContainText(who.name);
}

/** Every form control on the page has an accessible name. */
export async function expectLabelled(page: Page) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('input, select, textarea')]
      .filter((el) => (el as HTMLInputElement).type !== 'hidden')
      .filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        return !(labels && labels.length > 0) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby');
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unlabelled, 'controls without a label').toEqual([]);
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png (after checking labels). */
export async function shot(page: Page, name: string) {
  await expectLabelled(page);
  await page.screenshot({
    path: join(import.meta.dirname, '../test-results/screenshots', `${name}.png`),
    fullPage: true,
  });
}

/** `n` random upper-case hexadecimal digits, for HWKCs no other test uses. */
export function hex(n: number): string {
  let s = '';
  while (s.length < n)
    s += Math.floor(Math.random() * 16)
      .toString(16)
      .toUpperCase();
  return s;
}

/** A short unique suffix for names. */
export function unique(): string {
  return `${Date.now().toString(36)}${hex(3)}`;
}

type Who = { email: string; password: string };

/** A bearer token for `who`, for arranging data through the API. */
export async function apiToken(request: APIRequestContext, who: Who): Promise<string> {
  const r = await request.post(`${serverUrl()}/api/v1/auth/login`, {
    data: { email: who.email, password: who.password },
  });
  expect(r.status(), `login of ${who.email}`).toBe(200);
  return (await r.json()).access_token as string;
}

/** One API call with a token; fails the test unless the answer is 2xx. */
export async function apiCall<T = unknown>(
  request: APIRequestContext,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  data?: unknown,
): Promise<T> {
  const r = await request.fetch(`${serverUrl()}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    data,
  });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBe(true);
  return (r.status() === 204 ? undefined : await r.json()) as T;
}

/** The HTTP status of `GET /me` with a bearer token (a session token or an API key). */
export async function meStatus(request: APIRequestContext, token: string): Promise<number> {
  const r = await request.get(`${serverUrl()}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return r.status();
}

export interface FreshUser {
  id: string;
  email: string;
  password: string;
  name: string;
}

/** The id of the demo dealer's partner, looked up by name as the vendor admin (`admin`). */
async function demoDealerId(request: APIRequestContext, admin: string): Promise<string> {
  const partners = await apiCall<{ items: { id: string; name: string }[] }>(
    request,
    admin,
    'GET',
    '/admin/partners?limit=200',
  );
  const dealer = partners.items.find((p) => p.name === DEMO.dealer.partner);
  expect(dealer, 'the demo dealer partner').toBeTruthy();
  return dealer!.id;
}

/**
 * A new user of the demo dealer's partner (an LMS user), made by the vendor admin through the
 * API: for tests that disable accounts or change passwords without touching the demo logins.
 */
export async function freshDealerUser(request: APIRequestContext, name = 'Fresh User'): Promise<FreshUser> {
  const admin = await apiToken(request, DEMO.admin);
  const dealerId = await demoDealerId(request, admin);
  const email = `fresh.${unique()}@zonneveld.example`.toLowerCase();
  const password = `passphrase ${unique()}`;
  const user = await apiCall<{ id: string }>(request, admin, 'POST', '/admin/users', {
    email,
    name,
    password,
    partner_id: dealerId,
    roles: ['lms_user'],
  });
  return { id: user.id, email, password, name };
}

function serverUrl(): string {
  const url = process.env.LMS_E2E_URL;
  if (!url) throw new Error('LMS_E2E_URL is not set');
  return url;
}

export interface ApiPo {
  id: string;
  po_number: string;
  lines: { id: string; part_number: string; available: number }[];
}

/** Ships a PO into the demo dealer's bin as the vendor admin; returns it. */
export async function shipToDealer(
  request: APIRequestContext,
  lines: { part_number: string; quantity: number }[],
): Promise<ApiPo> {
  const admin = await apiToken(request, DEMO.admin);
  const dealerId = await demoDealerId(request, admin);
  return apiCall<ApiPo>(request, admin, 'POST', '/admin/shipments', {
    partner_id: dealerId,
    po_number: `PO-${unique()}`,
    so_number: `SO-${unique()}`,
    lines,
  });
}

/** A new customer of the demo dealer with one location, made through the API. */
export async function dealerLocation(
  request: APIRequestContext,
  location: { name: string; system_type: string; hwkc?: string },
): Promise<{ id: string; hwkc: string; name: string }> {
  const dealer = await apiToken(request, DEMO.dealer);
  const customer = await apiCall<{ id: string }>(request, dealer, 'POST', '/customers', {
    name: `Customer ${unique()}`,
    country: 'NL',
  });
  return apiCall(request, dealer, 'POST', `/customers/${customer.id}/locations`, location);
}

/** Attaches all of `po` to a location of the demo dealer and activates it, through the API. */
export async function attachAndActivate(request: APIRequestContext, locationId: string, po: ApiPo): Promise<void> {
  const dealer = await apiToken(request, DEMO.dealer);
  const attached = await apiCall<{ id: string }[]>(request, dealer, 'POST', `/locations/${locationId}/attachments`, {
    lines: po.lines.map((l) => ({ po_line_id: l.id, quantity: l.available })),
  });
  await apiCall(request, dealer, 'POST', `/locations/${locationId}/activations`, {
    attachment_ids: attached.map((a) => a.id),
    accept_license_agreement: true,
  });
}

/** `n` random decimal digits. */
export function digits(n: number): string {
  return Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
}
