import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  DEMO,
  apiCall,
  apiToken,
  dealerLocation,
  expect,
  hex,
  login,
  shipToDealer,
  shot,
  test,
  unique,
} from './fixtures';

/** The card of one PO in the license bin. */
const poCard = (page: Page, po: string) => page.locator(`section.po-card[data-po="${po}"]`);

/** The row of a part in a PO card or a table. */
const partRow = (scope: Locator, part: string) => scope.getByRole('row').filter({ hasText: part });

async function attachTo(page: Page, locationName: string, licenses: number) {
  await page.getByRole('button', { name: 'Attach to location…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Attach to a location' });
  await expect(dialog).toBeVisible();
  const target = dialog.getByTestId('attach-target');
  if (!(await target.isVisible())) {
    await dialog.getByRole('combobox', { name: 'Location' }).fill(locationName);
    await dialog.getByRole('option', { name: new RegExp(locationName) }).click();
  }
  await expect(target).toContainText(locationName);
  return dialog.getByRole('button', { name: `Attach ${licenses} ${licenses === 1 ? 'license' : 'licenses'}` });
}

test('the general way of working: ship, attach from the bin, detach, preview, activate, download and verify', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const po = `PO-${unique()}`;
  const customer = `Hotel Duinzicht ${unique()}`;
  const locationName = `Front office ${unique()}`;

  // 1. The vendor ships a PO into the dealer's bin through Admin → Shipments.
  await login(page, DEMO.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Shipments' }).click();
  await page.getByRole('combobox', { name: 'Partner', exact: true }).selectOption({ label: DEMO.dealer.partner });
  await page.getByLabel('PO number').fill(po);
  await page.getByLabel('SO number').fill(`SO-${unique()}`);
  await page.getByLabel('SWA months').fill('12');
  await page.getByLabel('Extra information').fill('Deliver to the front office');
  await page.getByLabel('Show parts for system type').selectOption({ label: 'SV9100 CP10' });
  await page.getByLabel('Part, line 1').selectOption('SV9100-IPPORT-8');
  await page.getByLabel('Quantity, line 1').fill('5');
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByLabel('Part, line 2').selectOption('SV9100-R8');
  await page.getByLabel('Quantity, line 2').fill('1');
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByLabel('Part, line 3').selectOption('SV9100-SIPTRK-4');
  await page.getByLabel('Quantity, line 3').fill('0');
  await page.getByRole('button', { name: 'Ship to partner’s bin' }).click();
  // The API refuses the zero quantity; the message is at that line's field.
  await expect(page.getByLabel('Quantity, line 3')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Quantity, line 3')).toHaveAccessibleDescription(/quantity must be 1 to/i);
  await expect(page.getByLabel('Quantity, line 1')).not.toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'admin-shipments-error');
  await page.getByLabel('Quantity, line 3').fill('2');
  await page.getByRole('button', { name: 'Ship to partner’s bin' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `PO ${po} shipped to ${DEMO.dealer.partner}.` }),
  ).toContainText('5 × SV9100-IPPORT-8, 1 × SV9100-R8, 2 × SV9100-SIPTRK-4');
  await shot(page, 'admin-shipments');
  await page.getByRole('button', { name: 'Log out' }).click();

  // 2. The dealer creates the customer and an SV9100 CP10 location; a HWKC in use is refused.
  await login(page, DEMO.dealer);
  await page.goto('/customers/new');
  await page.getByLabel('Business name').fill(customer);
  await page.getByLabel('Country').fill('NL');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await page.getByRole('link', { name: 'Add location' }).click();
  await page.getByLabel('Location name').fill(locationName);
  await page.getByLabel('System type').selectOption({ label: 'SV9100 CP10' });
  const hwkcField = page.getByLabel('Hardware key code (HWKC)');
  await hwkcField.fill('340209224568'); // the demo "Reception PBX"
  await page.getByRole('button', { name: 'Create location' }).click();
  await expect(hwkcField).toHaveAttribute('aria-invalid', 'true');
  await expect(hwkcField).toHaveAccessibleDescription(/already used by another location/);
  await shot(page, 'location-new-hwkc-in-use');
  const hwkc = `34${hex(10)}`;
  await hwkcField.fill(hwkc);
  await page.getByRole('button', { name: 'Create location' }).click();
  await expect(page.getByTestId('location-hwkc')).toHaveText(hwkc);
  await expect(page.getByText('Nothing attached.')).toBeVisible();
  await expect(page.getByText('Nothing activated yet.')).toBeVisible();
  // No file before anything is activated: a friendly word, not an error.
  await page.getByRole('button', { name: 'Download license file' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'There is no license file yet' })).toBeVisible();
  await expect(page.getByTestId('demo-remaining')).toContainText('2 of 2');
  await shot(page, 'location-licenses-empty');

  // 3. License bin: Sel per line, attach to the location found by typing.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'License bin' }).click();
  const card = poCard(page, po);
  await expect(card).toContainText('12 months');
  await expect(card).toContainText('Deliver to the front office');
  await expect(partRow(card, 'SV9100-IPPORT-8').getByTestId('available')).toHaveText('5');
  const selPorts = card.getByRole('spinbutton', { name: `Sel SV9100-IPPORT-8 (PO ${po})` });
  await selPorts.fill('9');
  await expect(selPorts).toHaveAttribute('aria-invalid', 'true');
  await expect(selPorts).toHaveAccessibleDescription('Enter a whole number from 0 to 5.');
  await expect(page.getByRole('button', { name: 'Attach to location…' })).toBeDisabled();
  await selPorts.fill('3');
  await card.getByRole('spinbutton', { name: `Sel SV9100-R8 (PO ${po})` }).fill('1');
  await card.getByRole('spinbutton', { name: `Sel SV9100-SIPTRK-4 (PO ${po})` }).fill('2');
  await expect(page.getByTestId('selection-summary')).toHaveText('Selected: 6 licenses of 3 parts.');
  await shot(page, 'license-bin');
  const attach = await attachTo(page, locationName, 6);
  await shot(page, 'license-bin-attach-dialog');
  await attach.click();

  // 4. The location's licenses: attached; detach some and all back to the bin.
  await expect(page.getByRole('heading', { level: 1, name: locationName })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `6 licenses attached to ${locationName}` })).toBeVisible();
  const attached = page.getByRole('table', { name: `Attached licenses of ${locationName}` });
  await expect(attached.locator('tbody tr')).toHaveCount(3);
  await attached.getByRole('button', { name: 'Detach some of SV9100-IPPORT-8' }).click();
  await attached.getByRole('spinbutton', { name: 'Quantity of SV9100-IPPORT-8 to detach' }).fill('1');
  await attached.getByRole('button', { name: 'Detach', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `1 × SV9100-IPPORT-8 detached: back in the license bin on PO ${po}.` }),
  ).toBeVisible();
  await expect(partRow(attached, 'SV9100-IPPORT-8').getByRole('cell').nth(3)).toHaveText('2');
  await attached.getByRole('button', { name: 'Detach all 2 × SV9100-SIPTRK-4' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 × SV9100-SIPTRK-4 detached' })).toBeVisible();
  await expect(attached.locator('tbody tr')).toHaveCount(2);
  await shot(page, 'location-licenses-attached');

  // The bin shows the detached quantities available again.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'License bin' }).click();
  await expect(partRow(card, 'SV9100-IPPORT-8').getByTestId('available')).toHaveText('3');
  await expect(partRow(card, 'SV9100-SIPTRK-4').getByTestId('available')).toHaveText('2');
  await expect(partRow(card, 'SV9100-R8').getByTestId('available')).toHaveText('0');
  await shot(page, 'license-bin-after-detach');
  await page.goBack();

  // 5. Activate: preview, the agreement, the activation code.
  await expect(attached.locator('tbody tr')).toHaveCount(2);
  await page.getByRole('checkbox', { name: 'Select all attached licenses' }).check();
  await page.getByRole('button', { name: 'Activate…' }).click();
  const panel = page.getByRole('region', { name: 'Activate 3 licenses' });
  const preview = panel.getByRole('table', { name: 'License file now and after the activation' });
  const ports = partRow(preview, 'IP extension ports').getByRole('cell');
  await expect(ports.nth(0)).toHaveText('—');
  await expect(ports.nth(1)).toContainText('16');
  await expect(partRow(preview, 'System release').getByRole('cell').nth(1)).toContainText('Release 8');
  await expect(panel).toContainText(`${hwkc}.lic`);
  const activate = panel.getByRole('button', { name: 'Activate permanently' });
  await expect(activate).toBeDisabled();
  await panel.getByRole('checkbox', { name: /I accept the license agreement/ }).check();
  await shot(page, 'location-activation-preview');
  await activate.click();
  const done = page.locator('.activation-done');
  await expect(done).toContainText('Activated.');
  const code = await done.locator('.activation-code').textContent();
  expect(code).toBeTruthy();
  await expect(page.getByText('Nothing attached.')).toBeVisible();
  const activated = page.getByRole('table', { name: `Activated licenses of ${locationName}` });
  await expect(activated.locator('tbody tr')).toHaveCount(2);
  const stacked = page.getByRole('table', { name: `What the license file of ${locationName} holds` });
  await expect(partRow(stacked, 'IP extension ports').getByRole('cell').nth(1)).toHaveText('16');
  await expect(partRow(stacked, 'IP extension ports')).toContainText('SV9100-IPPORT-8');
  await shot(page, 'location-activated');

  // 6. Download the file and verify it offline with the published keys.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    done.getByRole('button', { name: 'Download license file' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${hwkc}.lic`);
  const dir = mkdtempSync(join(tmpdir(), 'lms-verify-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8')).toContain(code!);
    const keys = await request.get(`${baseURL}/api/v1/license-signing-keys`);
    expect(keys.status()).toBe(200);
    writeFileSync(join(dir, 'keys.json'), await keys.text());
    // execFileSync throws when `lms verify` exits non-zero.
    const out = execFileSync(process.env.LMS_E2E_BIN!, ['verify', file, '--keys', join(dir, 'keys.json')], {
      cwd: dir,
      env: { ...process.env, LMS_DATA_DIR: dir, LMS_CONFIG: join(dir, 'none.toml'), LMS_LOG: 'error' },
      encoding: 'utf8',
    });
    expect(out).toMatch(new RegExp(`^valid: ${hwkc}\\.lic signed by key `));
    expect(out).toContain(hwkc);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // 7. Regenerate, and the history of changes.
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'A new license file' })).toContainText(`${hwkc}.lic`);
  await page.getByText('History of changes').click();
  const history = page.getByRole('table', { name: /Changes to the licenses of/ });
  await expect(history.getByRole('row', { name: /License file regenerated/ })).toBeVisible();
  await expect(history.getByRole('row', { name: /Licenses activated/ })).toContainText(code!);
  await expect(history.getByRole('row', { name: /Licenses attached/ })).toHaveCount(3);
  await expect(history.getByRole('row', { name: /Licenses detached/ })).toHaveCount(2);
  await shot(page, 'location-history');
});

test('a part that does not fit is refused at its line; IP DECT without EU917062 shows the rule in the preview', async ({
  page,
  request,
}) => {
  const po = await shipToDealer(request, [
    { part_number: 'EU917063', quantity: 2 },
    { part_number: 'SV9100-IPPORT-8', quantity: 1 },
  ]);
  const location = await dealerLocation(request, {
    name: `DECT ${unique()}`,
    system_type: 'IP_DECT',
    hwkc: `1${hex(7)}`,
  });

  await login(page, DEMO.dealer);
  await page.goto('/license-bin');
  const card = poCard(page, po.po_number);
  await card.getByRole('spinbutton', { name: `Sel EU917063 (PO ${po.po_number})` }).fill('1');
  const ports = card.getByRole('spinbutton', { name: `Sel SV9100-IPPORT-8 (PO ${po.po_number})` });
  await ports.fill('1');
  await (await attachTo(page, location.name, 2)).click();
  // Nothing attached; the reason is at the line that does not fit.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(ports).toHaveAttribute('aria-invalid', 'true');
  await expect(ports).toHaveAccessibleDescription('Part SV9100-IPPORT-8 is not licensed for IP DECT locations');
  await expect(page.getByRole('alert').filter({ hasText: `Nothing was attached to ${location.name}` })).toBeVisible();
  await expect(partRow(card, 'EU917063').getByTestId('available')).toHaveText('2');
  await shot(page, 'license-bin-line-error');
  await ports.fill('0');
  await expect(ports).not.toHaveAttribute('aria-invalid', 'true');
  await (await attachTo(page, location.name, 1)).click();
  await expect(page.getByRole('heading', { level: 1, name: location.name })).toBeVisible();

  await page.getByRole('checkbox', { name: /^Select 1 × EU917063/ }).check();
  await page.getByRole('button', { name: 'Activate…' }).click();
  const violation = page.locator('.rule-violation');
  await expect(violation).toContainText('INVALID_FEATURE_CODE_STRING');
  await expect(violation).toContainText('at least 1 x IPDECT 1 AP Cap Lic (EU917062)');
  await expect(violation).toContainText('What to do: Check if minimal 1 x IPDECT 1 AP Cap Lic (EU917062) is included.');
  await expect(page.getByRole('button', { name: 'Activate permanently' })).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: /I accept the license agreement/ })).toBeDisabled();
  await shot(page, 'location-preview-rule-violation');
});

test('an attach refused at its third line marks that line: the error points at it and names it', async ({
  page,
  request,
}) => {
  // The bin lists a PO's lines by part number; the portal sends the selection in that order.
  const po = await shipToDealer(request, [
    { part_number: 'SV9100-IPPORT-32', quantity: 2 },
    { part_number: 'SV9100-IPPORT-8', quantity: 5 },
    { part_number: 'SV9100-SIPTRK-4', quantity: 2 },
  ]);
  const trunks = po.lines.find((l) => l.part_number === 'SV9100-SIPTRK-4')!;
  const location = await dealerLocation(request, {
    name: `Trunk room ${unique()}`,
    system_type: 'SV9100_CP10',
    hwkc: `34${hex(10)}`,
  });

  await login(page, DEMO.dealer);
  await page.goto('/license-bin');
  const card = poCard(page, po.po_number);
  const sel = (part: string) => card.getByRole('spinbutton', { name: `Sel ${part} (PO ${po.po_number})` });
  await expect(card.locator('tbody th')).toHaveText(['SV9100-IPPORT-32', 'SV9100-IPPORT-8', 'SV9100-SIPTRK-4']);
  await sel('SV9100-IPPORT-32').fill('1');
  await sel('SV9100-IPPORT-8').fill('1');
  await sel('SV9100-SIPTRK-4').fill('2');
  const attach = await attachTo(page, location.name, 4);
  // Meanwhile someone else attaches one of the two trunks.
  const dealer = await apiToken(request, DEMO.dealer);
  await apiCall(request, dealer, 'POST', `/locations/${location.id}/attachments`, {
    lines: [{ po_line_id: trunks.id, quantity: 1 }],
  });

  const [answer] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/locations/${location.id}/attachments`),
    ),
    attach.click(),
  ]);
  expect(answer.status()).toBe(409);
  expect((await answer.json()).error).toMatchObject({
    code: 'NOT_ENOUGH_QUANTITY',
    field: '/lines/2/quantity',
    details: { po_line_id: trunks.id, part_number: 'SV9100-SIPTRK-4', available: 1, requested: 2 },
  });

  // Nothing attached; the third line is marked with what is left, the other two are not.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: `Nothing was attached to ${location.name}` })).toBeVisible();
  await expect(sel('SV9100-SIPTRK-4')).toHaveAttribute('aria-invalid', 'true');
  await expect(sel('SV9100-SIPTRK-4')).toHaveAccessibleDescription(
    'Only 1 left on this line: someone may just have attached some. Lower Sel.',
  );
  await expect(sel('SV9100-IPPORT-32')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(sel('SV9100-IPPORT-8')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(partRow(card, 'SV9100-SIPTRK-4').getByTestId('available')).toHaveText('1');
  await expect(partRow(card, 'SV9100-IPPORT-8').getByTestId('available')).toHaveText('5');
  await expect(card.locator('.line-error-row')).toHaveCount(1);
  await shot(page, 'license-bin-not-enough');

  await sel('SV9100-SIPTRK-4').fill('1');
  await expect(sel('SV9100-SIPTRK-4')).not.toHaveAttribute('aria-invalid', 'true');
  await (await attachTo(page, location.name, 3)).click();
  await expect(page.getByRole('heading', { level: 1, name: location.name })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `3 licenses attached to ${location.name}` })).toBeVisible();
});

test('an external product takes its PO whole', async ({ page, request }) => {
  const po = await shipToDealer(request, [
    { part_number: 'RCC-BASE', quantity: 1 },
    { part_number: 'RCC-AGENT-1', quantity: 5 },
  ]);
  const digits = Array.from({ length: 10 }, () => Math.floor(Math.random() * 10)).join('');
  const location = await dealerLocation(request, {
    name: `Contact centre ${unique()}`,
    system_type: 'RCC',
    hwkc: `aa0014SA${digits}AA`,
  });

  await login(page, DEMO.dealer);
  await page.goto('/license-bin');
  const card = poCard(page, po.po_number);
  await card.getByRole('spinbutton', { name: `Sel RCC-AGENT-1 (PO ${po.po_number})` }).fill('2');
  await (await attachTo(page, location.name, 2)).click();
  await expect(card.getByRole('alert')).toContainText('attach the whole PO');
  await shot(page, 'license-bin-whole-po');
  await card.getByRole('button', { name: 'Select all that is left' }).click();
  await (await attachTo(page, location.name, 6)).click();
  await expect(page.getByRole('heading', { level: 1, name: location.name })).toBeVisible();
  await expect(
    page.getByRole('table', { name: `Attached licenses of ${location.name}` }).locator('tbody tr'),
  ).toHaveCount(2);
});

test('demo licenses: each download uses one of two; then the button says why it is disabled', async ({
  page,
  request,
}) => {
  const location = await dealerLocation(request, {
    name: `Showroom ${unique()}`,
    system_type: 'SV9100_CP10',
    hwkc: `34${hex(10)}`,
  });
  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  const remaining = page.getByTestId('demo-remaining');
  await expect(remaining).toContainText('2 of 2');
  const button = page.getByRole('button', { name: 'Download a demo license' });

  const [first] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(first.suggestedFilename()).toMatch(/\.lic$/);
  await expect(remaining).toContainText('1 of 2');
  await expect(page.getByRole('status').filter({ hasText: 'opens every feature for 30 days' })).toContainText(
    '1 demo license left',
  );

  await Promise.all([page.waitForEvent('download'), button.click()]);
  await expect(remaining).toContainText('0 of 2');
  await expect(button).toBeDisabled();
  await expect(button).toHaveAccessibleDescription(/Both demo licenses of this location have been used/);
  await shot(page, 'location-demo-exhausted');
  // The count comes from the server, not only from this page.
  await page.reload();
  await expect(remaining).toContainText('0 of 2');
  // A demo file is not the license file: there is still nothing to download.
  await page.getByRole('button', { name: 'Download license file' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'There is no license file yet' })).toBeVisible();
});
