import type { Page } from '@playwright/test';
import { DEMO, apiCall, apiToken, expect, hex, login, shipToDealer, shot, test, unique } from './fixtures';

async function newCustomer(page: Page, name: string) {
  await page.goto('/customers/new');
  await page.getByLabel('Business name').fill(name);
  await page.getByLabel('Country').fill('DE');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('SV9500 standard server: created on a temporary key; with the virtualization option attached its IP address gives the real HWKC', async ({
  page,
  request,
}) => {
  await login(page, DEMO.dealer);
  await newCustomer(page, `Klinikum Nord ${unique()}`);
  await page.getByRole('link', { name: 'Add location' }).click();
  await page.getByLabel('Location name').fill('Virtual server');
  await page.getByLabel('System type').selectOption({ label: 'SV9500 Standard Server' });
  await expect(page.getByText('The location starts on a temporary key.')).toBeVisible();
  await expect(page.getByLabel('Hardware key code (HWKC)')).toHaveCount(0);
  await shot(page, 'location-new-standard-server');
  await page.getByRole('button', { name: 'Create location' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Virtual server' })).toBeVisible();
  const key = page.getByTestId('location-hwkc');
  await expect(key).toHaveText(/^35-\d{12}-\d{3}-TEMP-KEY$/);
  await expect(page.getByText('temporary key', { exact: true })).toBeVisible();
  const temp = await key.textContent();
  await shot(page, 'location-standard-server-temp');

  const ip = page.getByRole('textbox', { name: 'Server IP address' });
  await ip.fill('not an address');
  await page.getByRole('button', { name: 'Create hardware key code' }).click();
  await expect(ip).toHaveAttribute('aria-invalid', 'true');
  // Without the virtualization option on the temporary key the server refuses.
  await expect(page.getByTestId('virtualization-step')).toHaveText('Not attached yet.');
  await ip.fill('192.0.2.10');
  await page.getByRole('button', { name: 'Create hardware key code' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Attach the SV9500 virtualization option to the temporary key first',
  );

  // Attach the option (arranged through the API; the bin page has its own tests).
  const po = await shipToDealer(request, [{ part_number: 'SV9500-VIRT-OPT', quantity: 1 }]);
  const dealer = await apiToken(request, DEMO.dealer);
  const locationId = new URL(page.url()).pathname.split('/').pop()!;
  await apiCall(request, dealer, 'POST', `/locations/${locationId}/attachments`, {
    lines: [{ po_line_id: po.lines[0].id, quantity: 1 }],
  });
  await page.reload();
  await expect(page.getByTestId('virtualization-step')).toHaveText('✓ Attached.');
  await ip.fill('192.0.2.10');
  await page.getByRole('button', { name: 'Create hardware key code' }).click();

  await expect(key).toHaveText(/^35[A-Za-z0-9]{26}$/);
  const real = await key.textContent();
  await expect(
    page.getByRole('status').filter({ hasText: `The server’s hardware key code is now ${real}.` }),
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Server IP address' })).toHaveCount(0);
  await expect(page.getByText('192.0.2.10')).toBeVisible();
  const history = page.getByRole('table', { name: /Hardware key codes of Virtual server/ });
  await expect(history).toContainText(temp!);
  await expect(history).toContainText(real!);
  await expect(history).toContainText('Derived from the server’s IP address');
  // With its real key the server gets its License Manager Client.
  await expect(page.getByRole('table', { name: 'Child locations of Virtual server' })).toContainText(`LM${real}`);
  // The option is activated on the real key.
  await expect(page.getByRole('table', { name: 'Activated licenses of Virtual server' })).toContainText(
    'SV9500-VIRT-OPT',
  );
  await shot(page, 'location-standard-server-real');
});

test('SV9500 appliance: a scanned QR code is accepted, and the LMC child comes with it', async ({ page }) => {
  const code = `35${hex(26)}`;
  const qr = `A_${code.match(/.{4}/g)!.join('-')}`;
  await login(page, DEMO.dealer);
  await newCustomer(page, `Stadtwerke ${unique()}`);
  await page.getByRole('link', { name: 'Add location' }).click();
  await page.getByLabel('Location name').fill('Main PBX');
  await page.getByLabel('System type').selectOption({ label: 'SV9500' });
  await expect(page.getByLabel('Secondary HWKC (second CPU unit, optional)')).toBeVisible();
  await page.getByLabel('Hardware key code (HWKC)').fill(qr);
  await expect(page.getByText(`it will be stored as ${code}`)).toBeVisible();
  await page.getByRole('button', { name: 'Create location' }).click();

  await expect(page.getByTestId('location-hwkc')).toHaveText(code);
  await expect(
    page.getByRole('status').filter({ hasText: 'Child location “Main PBX LMC” was created with it.' }),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Main PBX LMC' }).click();
  await expect(page.getByTestId('location-hwkc')).toHaveText(`LM${code}`);
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Main PBX');
});

test('child location: an SR-MGC under the demo SV8500 gets a temporary key', async ({ page }) => {
  await login(page, DEMO.dealer);
  await page.getByRole('combobox', { name: 'Find a location' }).fill('Conference wing');
  await page.getByRole('option', { name: /^Conference wing Hotel/ }).click();
  await expect(page.getByRole('table', { name: 'Child locations of Conference wing' })).toContainText(
    'Conference wing LMC',
  );
  await page.getByRole('link', { name: 'Add child location' }).click();

  const type = page.getByLabel('System type');
  await expect(type.locator('option')).toHaveText(['Choose a system type…', 'SR-MGC', 'License Manager Client']);
  await type.selectOption({ label: 'SR-MGC' });
  await page.getByLabel('Location name').fill(`Branch gateway ${unique()}`);
  await shot(page, 'location-new-child');
  await page.getByRole('button', { name: 'Create child location' }).click();
  await expect(page.getByTestId('location-hwkc')).toHaveText(/^22-\d{12}-\d{3}-TEMP-KEY$/);
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Conference wing' }),
  ).toBeVisible();
});

test('dongle-less iS3000: the computer name can be corrected, the HWKC stays', async ({ page }) => {
  await login(page, DEMO.dealer);
  await page.getByRole('combobox', { name: 'Find a location' }).fill('City hall');
  await page.getByRole('option', { name: /City hall/ }).click();
  const key = page.getByTestId('location-hwkc');
  await expect(key).toHaveText(/^aa0016HN\d{12}AA$/);
  const before = await key.textContent();

  await page.getByRole('button', { name: 'Edit location' }).click();
  await page.getByRole('textbox', { name: 'Full computer name' }).fill('HVPC031PBX.devnlnec.local');
  await page.getByLabel('Reference note').fill('server room 2');
  await shot(page, 'location-edit');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Location saved.' })).toBeVisible();
  await expect(page.getByText('hvpc031pbx.devnlnec.local')).toBeVisible();
  await expect(page.getByText('server room 2')).toBeVisible();
  await expect(key).toHaveText(before!);
});

test('iS3000 offers the dongle-less way in; a new one gets a generated HWKC', async ({ page }) => {
  await login(page, DEMO.dealer);
  await newCustomer(page, `Rathaus ${unique()}`);
  await page.getByRole('link', { name: 'Add location' }).click();
  await page.getByLabel('Location name').fill('Server');
  await page.getByLabel('System type').selectOption({ label: 'iS3000 / SIP@Net Server' });
  await page.getByRole('radio', { name: /Full computer name/ }).check();
  await expect(page.getByLabel('Hardware key code (HWKC)')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Full computer name' }).fill(`pbx-${unique()}.example.local`);
  await page.getByRole('button', { name: 'Create location' }).click();
  await expect(page.getByTestId('location-hwkc')).toHaveText(/^aa0016HN\d{12}AA$/);
});

test('a location of another partner is not found', async ({ page }) => {
  await login(page, DEMO.distributor);
  await page.getByRole('combobox', { name: 'Find a location' }).fill('Brewery');
  await page.getByRole('option', { name: /^Brewery/ }).click();
  await expect(page.getByTestId('location-hwkc')).toHaveText('3810004626AD');
  const own = page.url();
  await page.getByRole('button', { name: 'Log out' }).click();

  await login(page, DEMO.dealer);
  await page.goto(new URL(own).pathname);
  await expect(page.getByRole('alert')).toContainText(/not found/i);
  await expect(page.getByTestId('location-hwkc')).toHaveCount(0);
});
