import { DEMO, expect, login, shipToDealer, shot, test } from './fixtures';

test('help explains the way of working and lists every system type from the catalog', async ({ page }) => {
  await login(page, DEMO.dealer);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'The way of working' })).toBeVisible();
  const catalog = page.getByRole('table', { name: /What to enter per system type/ });
  await expect(catalog.locator('tbody tr')).toHaveCount(26);
  await expect(catalog.getByRole('row', { name: /SV9500 Standard Server/ })).toContainText('IP address');
  await expect(catalog.getByRole('row', { name: /^SV8500/ })).toContainText('SR-MGC, License Manager Client');
  await shot(page, 'help');
});

test.describe('on a tablet', () => {
  test.use({ viewport: { width: 820, height: 1180 } });

  test('pages fit the width without sideways scrolling', async ({ page, request }) => {
    const po = await shipToDealer(request, [
      { part_number: 'SV9100-IPPORT-32', quantity: 2 },
      { part_number: 'SV9100-UCDT-5', quantity: 4 },
    ]);
    await login(page, DEMO.dealer);
    const fits = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    await shot(page, 'tablet-home');
    expect(await fits()).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('link', { name: 'Hotel Zonneveld' }).click();
    await expect(page.getByRole('table', { name: 'Locations of Hotel Zonneveld' })).toContainText(
      'Conference wing LMC',
    );
    await shot(page, 'tablet-customer');
    expect(await fits()).toBe(true);

    await page.getByRole('link', { name: 'Add location' }).click();
    await page.getByLabel('System type').selectOption({ label: 'BX/OVOC' });
    await expect(page.getByLabel('Product key')).toBeVisible();
    await shot(page, 'tablet-location-new');
    expect(await fits()).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'License bin' }).click();
    await page.getByRole('spinbutton', { name: `Sel SV9100-UCDT-5 (PO ${po.po_number})` }).fill('9');
    await expect(page.getByText('Enter a whole number from 0 to 4.')).toBeVisible();
    await shot(page, 'tablet-license-bin');
    expect(await fits()).toBe(true);

    await page.goto('/help#licenses');
    await expect(page.getByRole('heading', { level: 2, name: 'Working with licenses' })).toBeVisible();
    await shot(page, 'tablet-help');
    expect(await fits()).toBe(true);
  });
});
