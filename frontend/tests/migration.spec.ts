// A location's hardware (SPEC §7): the demo dealer migrates its SV9100 CP10 "Back office" to a
// CP20 board; the demo vendor admin replaces the broken CPU of an SV8500 whose LMC follows.
import {
  DEMO,
  attachAndActivate,
  dealerLocation,
  expect,
  hex,
  login,
  shipToDealer,
  shot,
  test,
  unique,
} from './fixtures';

/** `n` random letters and digits, for the mixed-case 28-character keys. */
function alnum(n: number): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  return Array.from({ length: n }, () => chars[Math.floor(Math.random() * chars.length)]).join('');
}

test('the dealer migrates its CP10 to CP20: the new location has the licenses on a MIGSU PO and the original in its history; the CP10 is read-only', async ({
  page,
}) => {
  await login(page, DEMO.dealer);
  await page.getByRole('combobox', { name: 'Find a location' }).fill('Back office');
  await page.getByRole('option', { name: /^Back office Hotel/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Back office' })).toBeVisible();

  // The CP20 board's key: a CP10 key is recognised as one, then the right key is confirmed.
  const step = page.getByRole('region', { name: 'Migrate to SV9100 CP20' });
  const key = step.getByLabel(/^CP20 hardware key code/);
  await key.fill('340209224571');
  await expect(key).toHaveAccessibleDescription(/it looks like a SV9100 CP10 code/);
  const cp20 = `44${hex(10)}`;
  await key.fill(cp20.toLowerCase());
  await expect(step.getByText('✓ Valid SV9100 CP20 code')).toBeVisible();
  await step.getByRole('button', { name: 'Migrate…' }).click();
  const confirm = step.getByRole('group', { name: 'Confirm the migration' });
  await expect(confirm).toContainText('Back office (CP20)');
  await expect(confirm).toContainText(cp20);
  await expect(confirm).toContainText('4 × SV9100-IPPORT-8');
  await expect(confirm).toContainText('1 × SV9100-CP10-VM-8');
  await shot(page, 'migration-confirm');
  await confirm.getByRole('button', { name: 'Yes, migrate' }).click();

  // The new location: the licenses on a MIGSU_ PO, the CP10-only part as its CP20 equivalent.
  await expect(page.getByRole('heading', { level: 1, name: 'Back office (CP20)' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Migration done successfully' })).toBeVisible();
  await expect(page.getByTestId('location-hwkc')).toHaveText(cp20);
  const activated = page.getByRole('table', { name: 'Activated licenses of Back office (CP20)' });
  await expect(activated).toContainText('SV9100-CP20-VM-8');
  await expect(activated).toContainText(/MIGSU_\d{8}[0-9A-F]{8}/);
  await expect(activated).not.toContainText('PO-ZT-1001');

  // Its history: the original key and the licenses as they were, read-only.
  const history = page.getByRole('table', { name: 'Hardware key codes of Back office (CP20), oldest first' });
  await expect(history).toContainText('Migrated to SV9100 CP20 (was 340209224570)');
  const original = page.getByTestId('original-system');
  await expect(original).toContainText('340209224570');
  const was = original.getByRole('table', { name: 'Licenses of the original system Back office, as they were' });
  await expect(was).toContainText('PO-ZT-1001');
  await expect(was).toContainText('SV9100-CP10-VM-8');
  await shot(page, 'migration-new-location');

  // The CP10 says where it went, and offers nothing to change.
  await original.getByRole('link', { name: 'Back office' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Back office' })).toBeVisible();
  await expect(page.getByTestId('migrated-to')).toContainText('Back office (CP20)');
  await expect(page.getByRole('table', { name: /as they were activated, before the migration/ })).toContainText(
    'SV9100-IPPORT-8',
  );
  await expect(page.getByRole('region', { name: 'Migrate to SV9100 CP20' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit location' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Activate/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Download license file' })).toHaveCount(0);
  await shot(page, 'migration-old-location');
  await page.getByTestId('migrated-to').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Back office (CP20)' })).toBeVisible();
});

test('the vendor admin previews and confirms a hardware replacement; the LMC child follows and the history keeps the old key and the reason', async ({
  page,
  request,
}) => {
  const name = `Warehouse ${unique()}`;
  const [oldKey, newKey] = [`22${alnum(26)}`, `22${alnum(26)}`];
  const location = await dealerLocation(request, { name, system_type: 'SV8500', hwkc: oldKey });
  await attachAndActivate(
    request,
    location.id,
    await shipToDealer(request, [{ part_number: 'BE104800', quantity: 2 }]),
  );

  await login(page, DEMO.admin);
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Hardware replacement' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hardware replacement' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Find the location' }).fill(name);
  await page.getByRole('option', { name: new RegExp(`^${name} Customer`) }).click();
  await expect(page.getByTestId('replacement-target')).toContainText(oldKey);

  // A key in use is refused on the field; the preview shows what moves and changes nothing.
  const key = page.getByLabel(/^New hardware key code/);
  await key.fill(oldKey);
  await page.getByLabel(/^Reason/).fill('CPU board defective, RMA 4711');
  await page.getByRole('button', { name: 'Preview replacement' }).click();
  await expect(key).toHaveAccessibleDescription(/is this location's key already/);
  await key.fill(newKey);
  await page.getByRole('button', { name: 'Preview replacement' }).click();
  const preview = page.getByTestId('replacement-preview');
  await expect(preview).toContainText(`${oldKey} → ${newKey}`);
  await expect(preview.getByRole('table', { name: `Licenses that stay with ${name}` })).toContainText('BE104800');
  await expect(preview.getByRole('table', { name: 'Child locations whose keys follow' })).toContainText(`LM${newKey}`);
  await shot(page, 'hardware-replacement-preview');
  await page.getByRole('button', { name: 'Confirm replacement' }).click();

  const done = page.getByTestId('replacement-done');
  await expect(done).toContainText(`now has the hardware key code ${newKey}`);
  await expect(done).toContainText('activation code');
  await done.getByRole('link', { name: 'Open the location' }).click();
  await expect(page.getByTestId('location-hwkc')).toHaveText(newKey);
  const history = page.getByRole('table', { name: `Hardware key codes of ${name}, oldest first` });
  await expect(history).toContainText(`Hardware replaced (was ${oldKey})`);
  await expect(history).toContainText('Reason: CPU board defective, RMA 4711');
  await shot(page, 'hardware-replacement-history');

  // The partner sees the same history, and the file for the new key.
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  await expect(page.getByRole('table', { name: `Hardware key codes of ${name}, oldest first` })).toContainText(
    'Reason: CPU board defective, RMA 4711',
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download license file' }).click();
  expect((await download).suggestedFilename()).toContain(newKey);
});
