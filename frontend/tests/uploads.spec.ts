// Files from outside the LMS: the legacy DECT license file a partner uploads once, and an
// external product's license file the vendor supplies.
import { readFileSync } from 'node:fs';
import {
  DEMO,
  apiCall,
  apiToken,
  attachAndActivate,
  dealerLocation,
  digits,
  expect,
  hex,
  login,
  shipToDealer,
  shot,
  test,
  unique,
} from './fixtures';

/** A legacy (pre-release-6) DECT license file for `pari`. */
const dectFile = (pari: string) => ({
  name: 'dect-license.txt',
  mimeType: 'text/plain',
  buffer: Buffer.from(
    `[DECT-LICENSE]\nPARI=${pari}\nFEATURE=EU917062,4,2019-03-12\nFEATURE=EU917064,4,2019-03-12\nEND\n`,
  ),
});

test('DECT license file upload: a wrong PARI is refused with what to do; a good file is requested, approved by the vendor, and activated', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const pari = `1${hex(7)}`;
  let otherPari = `1${hex(7)}`;
  while (otherPari === pari) otherPari = `1${hex(7)}`;
  const location = await dealerLocation(request, { name: `DECT ${unique()}`, system_type: 'IP_DECT', hwkc: pari });

  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  const section = page.getByRole('region', { name: 'DECT license file upload' });
  await expect(section).toContainText('before release 6');
  const fileInput = section.getByLabel(/^DECT license file/);
  await expect(fileInput).toHaveAccessibleDescription(
    new RegExp(`PARI must be this location’s hardware key code, ${pari}`),
  );
  const uploadButton = section.getByRole('button', { name: 'Upload file' });
  await expect(uploadButton).toBeDisabled();

  // A file of another system: the guide's code, the reason and what to do.
  await fileInput.setInputFiles(dectFile(otherPari));
  await uploadButton.click();
  const refused = section.getByRole('alert');
  await expect(refused).toHaveAttribute('data-code', 'INVALID_HARDWARE_KEYCODE');
  await expect(refused).toContainText('The file was not accepted INVALID_HARDWARE_KEYCODE');
  await expect(refused).toContainText(`the file is for PARI ${otherPari}, but this location's PARI is ${pari}`);
  await expect(refused).toContainText(
    'What to do: Enter a valid Hardware Key Code, format 8 hex digits starting with 1 (e.g. 1009FFFE)',
  );
  await expect(fileInput).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Nothing activated yet.')).toBeVisible();
  await shot(page, 'location-dect-upload-refused');

  // The right file: the licenses found, to confirm.
  await fileInput.setInputFiles(dectFile(pari));
  await expect(refused).toHaveCount(0);
  await uploadButton.click();
  const found = section.getByRole('table', { name: 'Licenses in the uploaded DECT license file' });
  await expect(found.locator('tbody tr')).toHaveCount(2);
  for (const part of ['EU917062', 'EU917064']) {
    const cells = found.getByRole('row', { name: new RegExp(part) }).getByRole('cell');
    await expect(cells.nth(1)).toHaveText('4');
    await expect(cells.nth(2)).toHaveText('12 Mar 2019');
  }
  await expect(section).toContainText(`The file holds 8 licenses for PARI ${pari}`);
  await expect(section).toContainText('sends them to the vendor for approval');
  await expect(page.getByText('Nothing activated yet.')).toBeVisible();
  await shot(page, 'location-dect-upload-confirm');

  // Confirming only asks the vendor: nothing is activated yet, also after a reload.
  await section.getByRole('button', { name: 'Request import of 8 licenses' }).click();
  const pending = section.locator('[data-state="pending"]');
  await expect(pending).toContainText('waiting for approval by the vendor');
  await expect(pending.getByRole('table', { name: 'Licenses waiting for approval' }).locator('tbody tr')).toHaveCount(
    2,
  );
  await expect(page.getByText('Nothing activated yet.')).toBeVisible();
  await page.reload();
  await expect(pending).toContainText('waiting for approval by the vendor');
  await expect(section.getByLabel(/^DECT license file/)).toHaveCount(0);
  await expect(page.getByText('Nothing activated yet.')).toBeVisible();
  await shot(page, 'location-dect-pending');
  await page.getByRole('button', { name: 'Log out' }).click();

  // The vendor admin finds the request under Admin → DECT imports and approves it.
  await login(page, DEMO.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'DECT imports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'DECT imports' })).toBeVisible();
  const queued = page.getByRole('region', { name: `${location.name} — ${DEMO.dealer.partner}` });
  await expect(queued).toContainText(pari);
  await expect(queued).toContainText(DEMO.dealer.partner);
  const licenses = queued.getByRole('table', { name: `Licenses in the DECT license file of ${location.name}` });
  const row = licenses.getByRole('row', { name: /EU917064/ }).getByRole('cell');
  await expect(row.nth(1)).toHaveText('4');
  await expect(row.nth(2)).toHaveText('12 Mar 2019');
  await shot(page, 'admin-dect-imports');
  await queued.getByRole('button', { name: 'Approve' }).click();
  const approved = page.getByRole('status').filter({ hasText: 'Approved: 8 licenses are activated' });
  await expect(approved).toContainText(`on ${location.name} (PARI ${pari})`);
  const code = /activation code ([0-9A-Z-]+)/.exec((await approved.textContent()) ?? '')?.[1];
  expect(code, 'the activation code of the new file').toBeTruthy();
  await expect(queued).toHaveCount(0);
  // Under "Approved" it stays on record.
  await page.getByLabel('Show').selectOption('approved');
  await expect(queued).toContainText('Approved on');
  await page.getByRole('button', { name: 'Log out' }).click();

  // The dealer's location: approved, the licenses activated, the new file with the code.
  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  const imported = section.locator('.dect-imported');
  await expect(imported).toContainText('Imported: approved on');
  await expect(imported).toContainText(`activated on PARI ${pari}`);
  await expect(section).toContainText('deactivate PARI');
  const activated = page.getByRole('table', { name: `Activated licenses of ${location.name}` });
  await expect(activated.locator('tbody tr')).toHaveCount(2);
  await expect(
    activated
      .getByRole('row', { name: /EU917062/ })
      .getByRole('cell')
      .nth(2),
  ).toHaveText('4');
  const stacked = page.getByRole('table', { name: `What the license file of ${location.name} holds` });
  await expect(
    stacked
      .getByRole('row', { name: /DECT access points/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('4');
  await shot(page, 'location-dect-imported');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    imported.getByRole('button', { name: 'Download license file' }).click(),
  ]);
  expect(readFileSync(await download.path(), 'utf8')).toContain(code!);

  // Once only: no upload any more; the history tells who did what.
  await expect(section.getByLabel(/^DECT license file/)).toHaveCount(0);
  await page.getByText('History of changes').click();
  await expect(page.getByRole('row', { name: /DECT import requested/ })).toContainText('You');
  const history = page.getByRole('row', { name: /DECT license file imported/ });
  await expect(history).toContainText('4 × EU917062');
  await expect(history).toContainText('The vendor');
});

test('DECT import rejected: the vendor gives a reason, the dealer sees it and may upload again', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const pari = `1${hex(7)}`;
  const location = await dealerLocation(request, { name: `DECT ${unique()}`, system_type: 'IP_DECT', hwkc: pari });
  // The dealer's request, through the API.
  const dealer = await apiToken(request, DEMO.dealer);
  const uploaded = await request.post(
    `${process.env.LMS_E2E_URL}/api/v1/locations/${location.id}/dect-license-upload`,
    {
      headers: { Authorization: `Bearer ${dealer}` },
      multipart: { file: dectFile(pari) },
    },
  );
  expect(uploaded.status()).toBe(201);
  const { upload_id } = await uploaded.json();
  await apiCall(request, dealer, 'POST', `/locations/${location.id}/dect-license-upload/${upload_id}/import`);

  await login(page, DEMO.admin);
  await page.goto('/admin/dect-imports');
  const card = page.getByRole('region', { name: `${location.name} — ${DEMO.dealer.partner}` });
  await card.getByRole('button', { name: 'Reject…' }).click();
  const reason = card.getByLabel('Reason for the rejection');
  // An empty reason is refused at its field.
  await card.getByRole('button', { name: 'Reject import' }).click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(card.locator('.field-error')).toContainText('Reason must not be empty');
  await shot(page, 'admin-dect-reject');
  const why = 'The purchase history of this PARI shows 2 DAPs, not 4. Please upload the right file.';
  await reason.fill(why);
  await card.getByRole('button', { name: 'Reject import' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Rejected the import for ${location.name}` })).toBeVisible();
  await expect(card).toHaveCount(0);
  await page.getByLabel('Show').selectOption('rejected');
  await expect(card).toContainText(why);
  await page.getByRole('button', { name: 'Log out' }).click();

  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  const section = page.getByRole('region', { name: 'DECT license file upload' });
  const rejected = section.locator('[data-state="rejected"]');
  await expect(rejected).toContainText('Import rejected on');
  await expect(rejected).toContainText(why);
  await expect(page.getByText('Nothing activated yet.')).toBeVisible();
  await shot(page, 'location-dect-rejected');
  // A corrected file may be uploaded and requested again.
  await section.getByLabel(/^DECT license file/).setInputFiles(dectFile(pari));
  await section.getByRole('button', { name: 'Upload file' }).click();
  await section.getByRole('button', { name: 'Request import of 8 licenses' }).click();
  await expect(section.locator('[data-state="pending"]')).toContainText('waiting for approval by the vendor');
  await expect(rejected).toHaveCount(0);
  await page.getByText('History of changes').click();
  await expect(page.getByRole('row', { name: /DECT import rejected/ })).toContainText(why);
});

test('external license files: not available until the vendor uploads it under Admin; then the partner downloads it', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const po = await shipToDealer(request, [{ part_number: 'UM4730-MBX-25', quantity: 1 }]);
  const location = await dealerLocation(request, {
    name: `Voicemail ${unique()}`,
    system_type: 'UM4730',
    hwkc: `11-${digits(8)}`,
  });
  await attachAndActivate(request, location.id, po);
  // A second UM4730 location with nothing activated on it.
  const empty = await dealerLocation(request, {
    name: `Voicemail spare ${unique()}`,
    system_type: 'UM4730',
    hwkc: `11-${digits(8)}`,
  });
  const dealer = await apiToken(request, DEMO.dealer);
  const before = await request.get(`${process.env.LMS_E2E_URL}/api/v1/locations/${location.id}/license-file`, {
    headers: { Authorization: `Bearer ${dealer}` },
  });
  expect(before.status()).toBe(409);
  expect((await before.json()).error.code).toBe('LICENSE_FILE_NOT_AVAILABLE');

  // The partner sees that the file is not there yet.
  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  await page.getByRole('button', { name: 'Download license file' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The license file is not available yet.' })).toContainText(
    'UM4730 license files are produced outside the LMS',
  );
  await shot(page, 'location-external-not-available');
  await page.getByRole('button', { name: 'Log out' }).click();

  // The vendor finds the locations by typing and uploads.
  await login(page, DEMO.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'External license files' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'External license files' })).toBeVisible();
  const search = page.getByRole('combobox', { name: 'Find the location' });
  const target = page.getByTestId('external-target');
  const fileInput = page.getByLabel(/^License file/);
  const upload = page.getByRole('button', { name: 'Upload license file' });
  const content = `UM4730 LICENSE ${location.hwkc} MAILBOXES=25\n`;
  const file = {
    name: `um4730-${location.hwkc}.lic`,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(content),
  };

  // A location the LMS makes files for: refused, and said so.
  await search.fill('340209224568');
  await page.getByRole('option', { name: /340209224568/ }).click();
  await expect(target).toContainText('340209224568');
  await expect(page.getByRole('status').filter({ hasText: 'produced by the LMS itself' })).toBeVisible();
  await fileInput.setInputFiles(file);
  await upload.click();
  await expect(page.getByRole('alert').filter({ hasText: 'The file was not stored' })).toContainText(
    'not an external product',
  );
  await target.getByRole('button', { name: 'Choose another location' }).click();

  // Nothing activated yet: refused, and said so.
  await search.fill(empty.hwkc);
  await page.getByRole('option', { name: new RegExp(empty.name) }).click();
  await expect(target).toContainText(empty.name);
  await expect(page.getByText('Nothing is activated on this location yet.').first()).toBeVisible();
  await fileInput.setInputFiles(file);
  await upload.click();
  await expect(page.getByRole('alert').filter({ hasText: 'The file was not stored' })).toContainText(
    'Nothing is activated on this location yet.',
  );
  await target.getByRole('button', { name: 'Choose another location' }).click();

  // The dealer's location, by part of its name.
  await search.fill(location.name.slice(0, 14));
  await page.getByRole('option', { name: new RegExp(location.name) }).click();
  await expect(target).toContainText(location.name);
  await expect(target).toContainText('UM4730');
  const activated = page.getByRole('table', { name: `Activated licenses of ${location.name}` });
  await expect(activated.getByRole('row', { name: /UM4730-MBX-25/ })).toContainText(po.po_number);
  await fileInput.setInputFiles(file);
  await upload.click();
  await expect(page.getByRole('status').filter({ hasText: 'License file stored.' })).toContainText(
    `${file.name} is now the license file of ${location.name}`,
  );
  await shot(page, 'admin-external-files');
  await page.getByRole('button', { name: 'Log out' }).click();

  // The partner's download now gives that file.
  await login(page, DEMO.dealer);
  await page.goto(`/locations/${location.id}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download license file' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(file.name);
  expect(readFileSync(await download.path(), 'utf8')).toBe(content);
  await page.getByText('History of changes').click();
  await expect(page.getByRole('row', { name: /License file supplied/ })).toContainText(file.name);
});
