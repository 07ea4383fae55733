// The server's Content-Security-Policy (default-src 'self'; img-src 'self' data:; …): the
// portal must work under it without a single violation or console error, page after page.
// The API docs (Swagger UI, shipped as is) must render under it too.
import type { Page } from '@playwright/test';
import { DEMO, expect, login, test } from './fixtures';

const POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

/** Collects CSP violations (as the page's `securitypolicyviolation` events), console errors and uncaught exceptions. */
async function watch(page: Page) {
  const violations: Violation[] = [];
  const errors: string[] = [];
  await page.exposeFunction('__lmsCspViolation', (v: Violation) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __lmsCspViolation: (v: Violation) => void }).__lmsCspViolation({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        sample: e.sample,
      }),
    );
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: uncaught ${e.message}`));
  return { violations, errors };
}

test('the portal runs under the Content-Security-Policy: no violation, no console error on the main pages', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { violations, errors } = await watch(page);

  const root = await page.goto('/');
  const headers = root!.headers();
  expect(headers['content-security-policy']).toBe(POLICY);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  await expect(page).toHaveURL(/\/login$/);

  const heading = (name: string) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const main = page.getByRole('navigation', { name: 'Main' });
  const account = page.getByRole('navigation', { name: 'Your account' });

  // A partner's pages.
  await login(page, DEMO.dealer);
  await expect(page.getByRole('combobox').first()).toBeVisible();
  await main.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'Hotel Zonneveld' }).click();
  await heading('Hotel Zonneveld');
  await page.getByRole('link', { name: 'Reception PBX' }).click();
  await heading('Reception PBX');
  await expect(page.getByRole('region', { name: 'License file' })).toBeVisible();
  await page.getByText('History of changes').click();
  await expect(page.getByRole('table', { name: /Changes to the licenses of Reception PBX/ })).toBeVisible();
  await main.getByRole('link', { name: 'License bin' }).click();
  await heading('License bin');
  await account.getByRole('link', { name: 'Account' }).click();
  await heading('Your account');
  await account.getByRole('link', { name: 'API keys' }).click();
  await heading('API keys');
  await main.getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Log out' }).click();

  // The vendor admin's pages.
  await login(page, DEMO.admin);
  await main.getByRole('link', { name: 'Admin' }).click();
  const admin = page.getByRole('navigation', { name: 'Administration' });
  for (const [link, title] of [
    ['Partners', 'Partners'],
    ['Users', 'Users'],
    ['Shipping allowances', 'Shipping allowances'],
    ['Shipments', 'Shipments'],
    ['External license files', 'External license files'],
    ['DECT imports', 'DECT imports'],
    ['API keys', 'API keys'],
  ]) {
    await admin.getByRole('link', { name: link }).click();
    await heading(title);
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  }

  expect(violations, 'CSP violations in the portal').toEqual([]);
  expect(errors, 'console errors in the portal').toEqual([]);
});

test('the API docs (Swagger UI) render under the Content-Security-Policy without a violation', async ({ page }) => {
  const { violations } = await watch(page);
  const docs = await page.goto('/docs/');
  expect(docs!.headers()['content-security-policy']).toBe(POLICY);
  await expect(page.locator('.opblock').first()).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/v1/api-keys' }).first()).toBeVisible();
  expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
  // An operation opens with its parameters and responses.
  await page.locator('.opblock-summary', { hasText: '/api/v1/auth/login' }).first().click();
  await expect(page.locator('.opblock-body').first()).toContainText('Responses');
  await page
    .getByRole('button', { name: /Authorize/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Available authorizations' })).toBeVisible();

  // Swagger UI's logo is an SVG with one inline <style>; the policy allows it by its hash.
  expect(violations, 'CSP violations in the API docs').toEqual([]);
});
