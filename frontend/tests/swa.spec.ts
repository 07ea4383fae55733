// Software Assurance in the portal (SPEC §10): the SWA page (bin, prospective locations,
// cooling-off), the quote-and-assign dialog, the offer after activation, the location's SWA
// section with free-of-charge licenses, and a customer's renewal with co-term. Data the page
// under test does not show being made is arranged through the API.
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import {
  DEMO,
  apiCall,
  apiToken,
  attachAndActivate,
  expect,
  freshDealerUser,
  hex,
  login,
  shipToDealer,
  shot,
  test,
  unique,
} from './fixtures';

/** 8 × 1.5 + 4 × 2.5 = 22 SWA units a month: 264 for 12 months. */
const SWA_LINES = [
  { part_number: 'SV9100-IPPORT-8', quantity: 8 },
  { part_number: 'SV9100-UCDT-5', quantity: 4 },
];

/** The date `months` after today (UTC, the server's day), as chrono adds months (clamped). */
function monthsFromToday(months: number): string {
  const now = new Date();
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), last))).toISOString().slice(0, 10);
}

async function partnerId(request: APIRequestContext, admin: string, name: string): Promise<string> {
  const partners = await apiCall<{ items: { id: string; name: string }[] }>(
    request,
    admin,
    'GET',
    '/admin/partners?limit=200',
  );
  const found = partners.items.find((p) => p.name === name);
  expect(found, name).toBeTruthy();
  return found!.id;
}

/** Ships SWA units into a partner's SWA bin as the vendor admin. */
async function shipSwa(request: APIRequestContext, partner: string, units: number, months = 18) {
  const admin = await apiToken(request, DEMO.admin);
  const po = `SWA-${unique()}`;
  await apiCall(request, admin, 'POST', '/admin/swa-shipments', {
    partner_id: partner,
    po_number: po,
    so_number: `SO-${unique()}`,
    units,
    expires_on: monthsFromToday(months),
  });
  return po;
}

async function dealerPartnerId(request: APIRequestContext) {
  return partnerId(request, await apiToken(request, DEMO.admin), DEMO.dealer.partner);
}

/** A customer of the demo dealer, through the API. */
async function dealerCustomer(request: APIRequestContext, name: string): Promise<string> {
  const dealer = await apiToken(request, DEMO.dealer);
  return (await apiCall<{ id: string }>(request, dealer, 'POST', '/customers', { name, country: 'NL' })).id;
}

/** An SV9100 location of the demo dealer with SWA-bearing licenses activated (in its grace period). */
async function activatedLocation(request: APIRequestContext, customerId: string, name: string) {
  const dealer = await apiToken(request, DEMO.dealer);
  const location = await apiCall<{ id: string; name: string }>(
    request,
    dealer,
    'POST',
    `/customers/${customerId}/locations`,
    { name, system_type: 'SV9100_CP10', hwkc: `34${hex(10)}` },
  );
  await attachAndActivate(request, location.id, await shipToDealer(request, SWA_LINES));
  return location;
}

async function availableUnits(page: Page): Promise<number> {
  const text = await page.getByTestId('swa-available-units').textContent();
  return Number(text);
}

async function openSwaPage(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Software Assurance' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Software Assurance' })).toBeVisible();
  await expect(page.getByTestId('swa-available-units')).toBeVisible();
}

const statusIcon = (scope: Page | Locator, label: string) => scope.getByRole('img', { name: `SWA status: ${label}` });

/** Quotes 12 months in the open dialog and assigns with a reference; returns the dialog. */
async function quoteAndAssign(dialog: Locator, { immediately }: { immediately: boolean }) {
  await expect(dialog.getByRole('spinbutton', { name: 'Months' })).toHaveValue('12');
  await dialog.getByRole('button', { name: 'Quote' }).click();
  await expect(dialog.getByTestId('quote-units')).toHaveText('264');
  await expect(dialog.getByTestId('quote-reinstatement')).toHaveText('0');
  await expect(dialog.getByTestId('quote-total')).toHaveText('264');
  await expect(dialog.getByTestId('quote-expires')).toHaveAttribute('datetime', monthsFromToday(12));
  const assign = dialog.getByRole('button', { name: 'Assign', exact: true });
  await dialog.getByLabel('Reference').fill(`ORDER-${unique()}`);
  await expect(assign).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'I approve taking 264 units from the SWA bin' }).check();
  if (immediately) await dialog.getByRole('checkbox', { name: /Process immediately/ }).check();
  await assign.click();
  await expect(dialog).toBeHidden();
}

test('assign SWA from the prospective locations, cancel it in the cooling-off, assign again at once from the location page', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await shipSwa(request, await dealerPartnerId(request), 2000);
  const customer = `Strandhotel ${unique()}`;
  const location = await activatedLocation(request, await dealerCustomer(request, customer), `Front desk ${unique()}`);

  await login(page, DEMO.dealer);
  await openSwaPage(page);
  const before = await availableUnits(page);
  expect(before).toBeGreaterThanOrEqual(2000);
  const prospect = page
    .getByRole('table', { name: 'Prospective SWA locations' })
    .getByRole('row')
    .filter({ hasText: location.name });
  await expect(prospect).toContainText(customer);
  await shot(page, 'swa-page');

  // Assign: the quote, the approval, then 24 hours of cooling-off.
  await prospect.getByRole('button', { name: `Assign SWA to ${location.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Assign SWA to ${location.name}` });
  await dialog.getByRole('button', { name: 'Quote' }).click();
  await expect(dialog.getByTestId('quote-total')).toHaveText('264');
  await shot(page, 'swa-assign-dialog');
  await quoteAndAssign(dialog, { immediately: false });
  await expect(
    page.getByRole('status').filter({ hasText: `SWA assigned to ${location.name}: 264 units` }),
  ).toContainText('cooling-off');
  await expect(page.getByTestId('swa-available-units')).toHaveText(String(before - 264));
  await expect(prospect).toHaveCount(0);

  const cooling = page
    .getByRole('table', { name: 'Assignments in cooling-off' })
    .getByRole('row')
    .filter({ hasText: location.name });
  const countdown = cooling.getByTestId('cooling-off-countdown');
  await expect(countdown).toHaveText(/^2[34] h \d\d min \d\d s$/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!); // it counts down
  await shot(page, 'swa-cooling-off');

  // The location shows the cooling-off; cancelling returns the units.
  await cooling.getByRole('link', { name: location.name }).click();
  await expect(statusIcon(page.getByTestId('location-swa-status'), 'Cooling-off')).toBeVisible();
  await page.goBack();
  await cooling.getByRole('button', { name: /^Cancel/ }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'cancelled: 264 units are back in the SWA bin' }),
  ).toBeVisible();
  await expect(page.getByTestId('swa-available-units')).toHaveText(String(before));
  await expect(cooling).toHaveCount(0);
  await expect(prospect).toBeVisible();

  // From the location page, processed immediately: active at once.
  await prospect.getByRole('link', { name: location.name }).click();
  const swaStatus = page.getByTestId('location-swa-status');
  await expect(statusIcon(swaStatus, 'Grace period')).toBeVisible();
  await page.getByRole('button', { name: 'Assign SWA…' }).click();
  await quoteAndAssign(page.getByRole('dialog', { name: `Assign SWA to ${location.name}` }), { immediately: true });
  await expect(page.getByRole('status').filter({ hasText: 'active until' })).toBeVisible();
  await expect(statusIcon(swaStatus, 'Active')).toBeVisible();
  const assignments = page.getByRole('table', { name: `SWA assignments of ${location.name}` });
  await expect(assignments.getByRole('row').filter({ hasText: 'Active' })).toHaveCount(1);
  await expect(assignments.getByRole('row').filter({ hasText: 'Cancelled' })).toHaveCount(1);
  await shot(page, 'swa-location-active');

  // A second quote says why there is none.
  await page.getByRole('button', { name: 'Assign SWA…' }).click();
  const again = page.getByRole('dialog', { name: `Assign SWA to ${location.name}` });
  await again.getByRole('button', { name: 'Quote' }).click();
  await expect(again.getByTestId('swa-quote-reason')).toHaveAttribute('data-code', 'SWA_ALREADY_ACTIVE');
  await expect(again.getByRole('button', { name: 'Assign', exact: true })).toHaveCount(0);
  await again.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect(again).toBeHidden();

  await openSwaPage(page);
  await expect(page.getByTestId('swa-available-units')).toHaveText(String(before - 264));

  // Easy Nav shows the status too.
  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await page.getByRole('combobox', { name: 'Find a location' }).fill(location.name);
  await expect(statusIcon(page.getByRole('option', { name: new RegExp(location.name) }), 'Active')).toBeVisible();
});

test('renew a customer’s SWA with co-term: per-location months and reasons, the total and the common end date', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  await shipSwa(request, await dealerPartnerId(request), 2000);
  const customer = `Ziekenhuis ${unique()}`;
  const customerId = await dealerCustomer(request, customer);
  const a = await activatedLocation(request, customerId, `Wing A ${unique()}`);
  const b = await activatedLocation(request, customerId, `Wing B ${unique()}`);
  const c = await activatedLocation(request, customerId, `Wing C ${unique()}`);
  const dealer = await apiToken(request, DEMO.dealer);
  await apiCall(request, dealer, 'POST', `/locations/${c.id}/swa-assignments`, {
    months: 12,
    reference: 'EARLIER',
    approve: true,
    process_immediately: true,
  });

  await login(page, DEMO.dealer);
  await openSwaPage(page);
  const before = await availableUnits(page);

  await page.goto(`/customers/${customerId}`);
  const locations = page.getByRole('table', { name: `Locations of ${customer}` });
  const row = (name: string) => locations.getByRole('row').filter({ hasText: name });
  await expect(statusIcon(row(a.name), 'Grace period')).toBeVisible();
  await expect(statusIcon(row(c.name), 'Active')).toBeVisible();
  await page.getByText('What the SWA status icons mean').click();
  await expect(page.getByRole('list', { name: 'SWA status icons' })).toContainText('Renewable');
  await shot(page, 'swa-customer');

  await page.getByRole('link', { name: 'Renew SWA' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Renew SWA: ${customer}` })).toBeVisible();
  const quote = page.getByRole('table', { name: `Renewal quote for ${customer}` });
  const line = (name: string) => quote.getByRole('row').filter({ hasText: name });
  await expect(page.getByTestId('renewal-total')).toHaveText('528');
  await expect(line(a.name).getByTestId('line-total')).toHaveText('264');
  await expect(line(c.name).locator('[data-code]')).toHaveAttribute('data-code', 'SWA_ALREADY_ACTIVE');
  await expect(line(c.name)).toContainText('SWA is active until');

  // B for 24 months: re-quoted.
  await page.getByRole('spinbutton', { name: `Months for ${b.name}` }).fill('24');
  await expect(page.getByText('quote again before renewing')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Renew 2 locations' })).toBeDisabled();
  await page.getByRole('button', { name: 'Quote again' }).click();
  await expect(line(b.name).getByTestId('line-expires')).toHaveAttribute('datetime', monthsFromToday(24));
  const bTotal = Number(await line(b.name).getByTestId('line-total').textContent());
  expect(bTotal).toBeGreaterThan(264);
  await expect(page.getByTestId('renewal-total')).toHaveText(String(264 + bTotal));

  // Co-term: every location ends with the 12-month one.
  await page.getByRole('checkbox', { name: /Co-term/ }).check();
  const end = monthsFromToday(12);
  await expect(page.getByTestId('renewal-common-end')).toHaveAttribute('datetime', end);
  await expect(line(a.name).getByTestId('line-expires')).toHaveAttribute('datetime', end);
  await expect(line(b.name).getByTestId('line-expires')).toHaveAttribute('datetime', end);
  await expect(page.getByTestId('renewal-total')).toHaveText('528');
  await shot(page, 'swa-renewal');

  await page.getByLabel('Reference').fill(`RENEWAL-${unique()}`);
  await page.getByRole('checkbox', { name: 'I approve taking 528 units from the SWA bin' }).check();
  await page.getByRole('button', { name: 'Renew 2 locations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: customer })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'SWA renewed for 2 locations: 528 units' })).toBeVisible();
  await expect(statusIcon(row(a.name), 'Cooling-off')).toBeVisible();
  await expect(statusIcon(row(b.name), 'Cooling-off')).toBeVisible();
  await expect(statusIcon(row(c.name), 'Active')).toBeVisible();

  await openSwaPage(page);
  await expect(page.getByTestId('swa-available-units')).toHaveText(String(before - 528));
  const cooling = page.getByRole('table', { name: 'Assignments in cooling-off' });
  await expect(cooling.getByRole('row').filter({ hasText: a.name })).toContainText('Renewal');
  await expect(cooling.getByRole('row').filter({ hasText: b.name })).toContainText('Renewal');
});

test('after activation the SWA quote is offered; a bin that is short shows what is missing', async ({
  page,
  request,
}) => {
  // A partner of its own, with only 100 SWA units.
  const admin = await apiToken(request, DEMO.admin);
  const partner = await apiCall<{ id: string }>(request, admin, 'POST', '/admin/partners', {
    name: `Kleine Telecom ${unique()}`,
    tier: 'dealer',
  });
  const user = {
    email: `swa.${unique()}@kleine.example`.toLowerCase(),
    password: `passphrase ${unique()}`,
    name: 'Sam Swa',
  };
  await apiCall(request, admin, 'POST', '/admin/users', {
    ...user,
    partner_id: partner.id,
    roles: ['lms_user', 'swa_dealer_admin'],
  });
  const po = await apiCall<{ lines: { id: string; available: number }[] }>(request, admin, 'POST', '/admin/shipments', {
    partner_id: partner.id,
    po_number: `PO-${unique()}`,
    so_number: `SO-${unique()}`,
    lines: SWA_LINES,
  });
  await shipSwa(request, partner.id, 100);
  const token = await apiToken(request, user);
  const customer = await apiCall<{ id: string }>(request, token, 'POST', '/customers', {
    name: `Bakkerij ${unique()}`,
    country: 'NL',
  });
  const location = await apiCall<{ id: string; name: string }>(
    request,
    token,
    'POST',
    `/customers/${customer.id}/locations`,
    { name: `Shop ${unique()}`, system_type: 'SV9100_CP10', hwkc: `34${hex(10)}` },
  );
  await apiCall(request, token, 'POST', `/locations/${location.id}/attachments`, {
    lines: po.lines.map((l) => ({ po_line_id: l.id, quantity: l.available })),
  });

  await login(page, user);
  await page.goto(`/locations/${location.id}`);
  await expect(statusIcon(page.getByTestId('location-swa-status'), 'No SWA')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all attached licenses' }).check();
  await page.getByRole('button', { name: 'Activate…' }).click();
  await page.getByRole('checkbox', { name: /I accept the license agreement/ }).check();
  await page.getByRole('button', { name: 'Activate permanently' }).click();

  const offer = page.getByRole('region', { name: 'Assign SWA now?' });
  await expect(offer).toContainText('264 units');
  await expect(statusIcon(page.getByTestId('location-swa-status'), 'Grace period')).toBeVisible();
  await shot(page, 'swa-offer');
  await offer.getByRole('button', { name: 'Assign SWA now…' }).click();
  const dialog = page.getByRole('dialog', { name: `Assign SWA to ${location.name}` });
  // Prefilled with the activation's quote: no need to quote again.
  await expect(dialog.getByTestId('quote-total')).toHaveText('264');
  await dialog.getByLabel('Reference').fill('SHOP-1');
  await dialog.getByRole('checkbox', { name: 'I approve taking 264 units from the SWA bin' }).check();
  await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
  const shortfall = dialog.getByTestId('swa-shortfall');
  await expect(shortfall).toContainText('Not enough SWA units');
  await expect(shortfall.getByTestId('shortfall-needed')).toHaveText('264');
  await expect(shortfall.getByTestId('shortfall-available')).toHaveText('100');
  await expect(shortfall.getByTestId('shortfall-missing')).toHaveText('164');
  await shot(page, 'swa-shortfall');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(statusIcon(page.getByTestId('location-swa-status'), 'Grace period')).toBeVisible();
});

test('an iS3000 in its grace period takes the free-of-charge System R8 license and activates it as usual', async ({
  page,
  request,
}) => {
  const dealer = await apiToken(request, DEMO.dealer);
  const customerId = await dealerCustomer(request, `Stadskantoor ${unique()}`);
  const location = await apiCall<{ id: string; name: string }>(
    request,
    dealer,
    'POST',
    `/customers/${customerId}/locations`,
    { name: `Call centre ${unique()}`, system_type: 'IS3000', full_computer_name: `pbx-${unique()}.example.local` },
  );
  await attachAndActivate(request, location.id, await shipToDealer(request, [{ part_number: 'Lic-073', quantity: 2 }]));

  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  const free = page.getByTestId('free-of-charge');
  await expect(free.getByRole('row').filter({ hasText: 'Lic-078' })).toBeVisible();
  await free.getByRole('button', { name: 'Take Lic-078 free of charge' }).click();
  await expect(free.getByRole('status')).toContainText('Lic-078 attached free of charge');
  await expect(free).toContainText('No free-of-charge license is offered now');
  const attached = page.getByRole('table', { name: `Attached licenses of ${location.name}` });
  await expect(attached).toContainText('Lic-078');
  await shot(page, 'swa-free-of-charge');

  await page.getByRole('checkbox', { name: /^Select 1 × Lic-078/ }).check();
  await page.getByRole('button', { name: 'Activate…' }).click();
  await page.getByRole('checkbox', { name: /I accept the license agreement/ }).check();
  await page.getByRole('button', { name: 'Activate permanently' }).click();
  await expect(page.getByRole('table', { name: `Activated licenses of ${location.name}` })).toContainText('Lic-078');
});

test('without an SWA role there is no Software Assurance menu, and its page says which role it needs', async ({
  page,
  request,
}) => {
  const user = await freshDealerUser(request, 'Lena Nonswa');
  await login(page, user);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'License bin' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Software Assurance' })).toHaveCount(0);
  await page.goto('/swa');
  await expect(page.getByRole('heading', { level: 1, name: 'Software Assurance' })).toBeVisible();
  await expect(page.getByText('This page needs an SWA role')).toBeVisible();
  await expect(page.getByTestId('swa-available-units')).toHaveCount(0);
  await shot(page, 'swa-no-role');

  // The demo dealer has the role and the menu.
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, DEMO.dealer);
  await expect(nav.getByRole('link', { name: 'Software Assurance' })).toBeVisible();
});
