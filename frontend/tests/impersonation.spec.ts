// Impersonation: the demo distributor acts as its dealer's user from Tools (a banner on every
// page says so), works as them, and stops; a removed shipping allowance ends an impersonation
// under way at the next request, and the portal returns to the distributor's own account.
import type { Page } from '@playwright/test';
import { DEMO, apiCall, apiToken, expect, login, shipToDealer, shot, test, unique } from './fixtures';

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** From the distributor's Tools page, act as the user with `email`. */
async function impersonate(page: Page, email: string) {
  await mainNav(page).getByRole('link', { name: 'Tools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Impersonate a dealer user' });
  await form.getByLabel('User e-mail').fill(email);
  await form.getByRole('button', { name: 'Act as this user' }).click();
}

test('the distributor acts as its dealer’s user from Tools, works as them, and stops', async ({ page, request }) => {
  const po = await shipToDealer(request, [{ part_number: 'SV9100-IPPORT-8', quantity: 3 }]);
  await login(page, DEMO.distributor);

  // A user the distributor may not act for is refused at the field.
  await impersonate(page, DEMO.admin.email);
  await expect(page.getByLabel('User e-mail')).toHaveAccessibleDescription(/shipping allowance/);
  await shot(page, 'tools-impersonate-refused');

  await page.getByLabel('User e-mail').fill(DEMO.dealer.email);
  await page.getByRole('button', { name: 'Act as this user' }).click();
  const banner = page.getByTestId('impersonation-banner');
  await expect(banner).toContainText(`Acting as ${DEMO.dealer.name}`);
  await expect(banner).toContainText(DEMO.dealer.partner);
  await expect(page.getByTestId('whoami')).toContainText(DEMO.dealer.name);
  await shot(page, 'impersonation-home');
  // No impersonation from inside one.
  await mainNav(page).getByRole('link', { name: 'Tools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Impersonate a dealer user' })).toHaveCount(0);

  // The dealer's license bin, with the banner on that page too.
  await mainNav(page).getByRole('link', { name: 'License bin' }).click();
  await expect(page.getByText(po.po_number).first()).toBeVisible();
  await expect(banner).toBeVisible();

  // A change as the dealer, recorded as done by the distributor's user for them.
  const name = `Impersonated ${unique()}`;
  await mainNav(page).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Business name').fill(name);
  await page.getByLabel('Country').fill('NL');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(banner).toBeVisible();
  const customerId = /\/customers\/([0-9a-f-]+)/.exec(page.url())?.[1];
  expect(customerId, 'the new customer’s page').toBeTruthy();

  // Stop: the distributor again, without a banner.
  await banner.getByRole('button', { name: /^Stop/ }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('whoami')).toContainText(DEMO.distributor.name);
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
  await shot(page, 'impersonation-stopped');

  const dealer = await apiToken(request, DEMO.dealer);
  const events = await apiCall<{ items: { action: string; impersonator_id: string | null }[] }>(
    request,
    dealer,
    'GET',
    `/audit-events?subject=${customerId}`,
  );
  expect(events.items.map((e) => e.action)).toEqual(['customer.created']);
  expect(events.items[0].impersonator_id).not.toBeNull();
});

test('removing the shipping allowance ends an impersonation under way', async ({ page, request }) => {
  // A dealer of its own with a user, which the demo distributor may act for.
  const admin = await apiToken(request, DEMO.admin);
  const partners = await apiCall<{ items: { id: string; name: string }[] }>(
    request,
    admin,
    'GET',
    '/admin/partners?limit=200',
  );
  const distributor = partners.items.find((p) => p.name === DEMO.distributor.partner)!;
  const dealer = await apiCall<{ id: string }>(request, admin, 'POST', '/admin/partners', {
    name: `Dealer ${unique()}`,
    tier: 'dealer',
  });
  const email = `dealer.${unique()}@example.com`.toLowerCase();
  await apiCall(request, admin, 'POST', '/admin/users', {
    email,
    name: 'Fay Fresh',
    password: `passphrase ${unique()}`,
    partner_id: dealer.id,
    roles: ['lms_user'],
  });
  const allowance = await apiCall<{ id: string }>(request, admin, 'POST', '/admin/shipping-allowances', {
    distributor_id: distributor.id,
    dealer_id: dealer.id,
  });

  await login(page, DEMO.distributor);
  await impersonate(page, email);
  const banner = page.getByTestId('impersonation-banner');
  await expect(banner).toContainText('Acting as Fay Fresh');

  await apiCall(request, admin, 'DELETE', `/admin/shipping-allowances/${allowance.id}`);
  await mainNav(page).getByRole('link', { name: 'Customers' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your impersonation has ended.' })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('whoami')).toContainText(DEMO.distributor.name);
  await shot(page, 'impersonation-ended');
});
