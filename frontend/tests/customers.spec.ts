import { DEMO, expect, hex, login, shot, test, unique } from './fixtures';

test('create a customer and a location: a wrong HWKC is refused at the field, the right one is created', async ({
  page,
}) => {
  const name = `Hotel Zeezicht ${unique()}`;
  await login(page, DEMO.dealer);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('link', { name: 'Hotel Zonneveld' })).toBeVisible();
  await shot(page, 'customers');

  await page.getByRole('link', { name: 'New customer' }).click();
  await page.getByLabel('Business name').fill(name);
  await page.getByLabel('City').fill('Zandvoort');
  await page.getByLabel('Reference note').fill('ERP-20001');
  const country = page.getByLabel('Country');
  await country.fill('XX');
  await page.getByRole('button', { name: 'Create customer' }).click();
  // The API's message, at the field it names.
  await expect(country).toHaveAttribute('aria-invalid', 'true');
  await expect(country).toHaveAccessibleDescription(/not an ISO 3166-1 alpha-2 country code/);
  await shot(page, 'customer-new-error');
  await country.fill('NL');
  await expect(page.getByText('Netherlands')).toBeVisible();
  await page.getByRole('button', { name: 'Create customer' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'created' })).toBeVisible();
  await expect(page.getByText('This customer has no locations yet.')).toBeVisible();

  await page.getByRole('link', { name: 'Add location' }).click();
  await page.getByLabel('Location name').fill('Front desk');
  await page.getByLabel('System type').selectOption({ label: 'SV9100 CP10' });
  const hwkc = page.getByLabel('Hardware key code (HWKC)');
  // A CP20 code on a CP10 location: the live check already says what it looks like.
  await hwkc.fill('4410011575A6');
  await expect(hwkc).toHaveAccessibleDescription(/it looks like a SV9100 CP20 code/);
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/locations')),
    page.getByRole('button', { name: 'Create location' }).click(),
  ]);
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error).toMatchObject({
    code: 'INVALID_HARDWARE_KEYCODE',
    field: '/hwkc',
    details: null,
    looks_like: 'SV9100_CP20',
  });
  await expect(hwkc).toHaveAttribute('aria-invalid', 'true');
  await expect(hwkc).toHaveAccessibleDescription(/expected 12 hexadecimal characters starting with 34/);
  await expect(hwkc).toHaveAccessibleDescription(/looks like a SV9100 CP20 code/i);
  await expect(page.getByRole('button', { name: 'Use system type SV9100 CP20' })).toBeVisible();
  await shot(page, 'location-new-hwkc-error');

  const good = `34${hex(10)}`;
  await hwkc.fill(good.toLowerCase());
  await expect(page.getByText(`✓ Valid SV9100 CP10 code`)).toBeVisible();
  await expect(page.getByText(`it will be stored as ${good}`)).toBeVisible();
  await shot(page, 'location-new-valid');
  await page.getByRole('button', { name: 'Create location' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Front desk' })).toBeVisible();
  await expect(page.getByTestId('location-hwkc')).toHaveText(good);
  await expect(page.getByRole('status').filter({ hasText: 'Location “Front desk” created.' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Hardware key codes of Front desk/ })).toContainText('Location created');
  await shot(page, 'location');
  // A reload keeps the session and the page (the server answers deep links with the app), and
  // the confirmation is not shown a second time.
  await page.reload();
  await expect(page.getByTestId('location-hwkc')).toHaveText(good);
  await expect(page.getByRole('status').filter({ hasText: 'created' })).toHaveCount(0);

  // Back to the customer through the breadcrumb: the location is listed; then edit the customer.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name }).click();
  await expect(page.getByRole('table', { name: `Locations of ${name}` })).toContainText(good);
  await shot(page, 'customer');
  await page.getByRole('link', { name: 'Edit customer' }).click();
  await page.getByLabel('City').fill('Haarlem');
  await page.getByLabel('Phone').fill('+31 23 555 0100');
  await page.getByLabel('Reference note').fill('');
  await shot(page, 'customer-edit');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Customer saved.' })).toBeVisible();
  await expect(page.getByText('Haarlem, Netherlands')).toBeVisible();
  await expect(page.getByText('+31 23 555 0100')).toBeVisible();
});

test('the customer list searches and pages through the API', async ({ page, request, baseURL }) => {
  // Arrange 27 customers through the API itself.
  const tag = `Paging ${unique()}`;
  const token = (
    await (
      await request.post(`${baseURL}/api/v1/auth/login`, {
        data: { email: DEMO.distributor.email, password: DEMO.distributor.password },
      })
    ).json()
  ).access_token as string;
  for (let i = 1; i <= 27; i++) {
    const r = await request.post(`${baseURL}/api/v1/customers`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { name: `${tag} ${String(i).padStart(2, '0')}`, country: 'BE' },
    });
    expect(r.status()).toBe(201);
  }

  await login(page, DEMO.distributor);
  await page.goto('/customers');
  await page.getByLabel('Search customers').fill(tag);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(tag).replace(/%20/g, '(\\+|%20)')}`));
  const rows = page.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText(`${tag} 01`);
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(`${tag} 26`);
  await expect(page.getByRole('button', { name: 'Next →' })).toBeDisabled();
  await page.getByRole('button', { name: '← Previous' }).click();
  await expect(rows).toHaveCount(25);
  // The demo customer of the other partner is never listed.
  await page.getByLabel('Search customers').fill('Zonneveld');
  await expect(page.getByText('No customer matches “Zonneveld”.')).toBeVisible();
});
