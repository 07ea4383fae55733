import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO, apiCall, apiToken, expect, login, shot, test, unique } from './fixtures';

/** The card of one PO in the license bin. */
const poCard = (page: Page, po: string) => page.locator(`section.po-card[data-po="${po}"]`);

/** Ships a PO into the demo distributor's bin as the vendor admin; returns it. */
async function shipToDistributor(request: APIRequestContext, lines: { part_number: string; quantity: number }[]) {
  const admin = await apiToken(request, DEMO.admin);
  const partners = await apiCall<{ items: { id: string; name: string }[] }>(
    request,
    admin,
    'GET',
    '/admin/partners?limit=200',
  );
  const distributor = partners.items.find((p) => p.name === DEMO.distributor.partner);
  expect(distributor, 'the demo distributor partner').toBeTruthy();
  return apiCall<{ po_number: string; lines: { id: string; part_number: string }[] }>(
    request,
    admin,
    'POST',
    '/admin/shipments',
    { partner_id: distributor!.id, po_number: `PO-NW-${unique()}`, so_number: `SO-NW-${unique()}`, lines },
  );
}

async function openTools(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tools' })).toBeVisible();
}

test('a distributor reships from its bin to a dealer: errors at their fields, resold licenses, the dealer’s new PO', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const shipped = await shipToDistributor(request, [
    { part_number: 'SV9100-IPPORT-8', quantity: 5 },
    { part_number: 'SV9100-R8', quantity: 2 },
  ]);
  const dealerPo = `PO-ZT-${unique()}`;

  await login(page, DEMO.distributor);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'License bin' }).click();
  const card = poCard(page, shipped.po_number);
  await card.getByLabel(`Sel SV9100-IPPORT-8 (PO ${shipped.po_number})`).fill('3');
  await card.getByLabel(`Sel SV9100-R8 (PO ${shipped.po_number})`).fill('2');
  await page.getByRole('button', { name: 'Reship to dealer…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Reship to a dealer' });
  await expect(dialog).toBeVisible();
  const ipport = dialog.getByLabel(`Quantity SV9100-IPPORT-8 (PO ${shipped.po_number})`);
  const r8 = dialog.getByLabel(`Quantity SV9100-R8 (PO ${shipped.po_number})`);
  await expect(ipport).toHaveValue('3');
  await expect(r8).toHaveValue('2');

  // More than the line holds is refused in the portal: nothing can be sent.
  await ipport.fill('6');
  await expect(ipport).toHaveAccessibleDescription('Enter a whole number from 0 to 5.');
  await expect(dialog.getByRole('button', { name: /^Reship \d+ licenses?$/ })).toBeDisabled();
  await ipport.fill('3');

  // A dealer without a shipping allowance (here: no such user): the message is at the e-mail.
  await dialog.getByLabel('Dealer user’s e-mail').fill(`nobody.${unique()}@nowhere.example`);
  await dialog.getByLabel('SO number').fill(`SO-ZT-${unique()}`);
  await dialog.getByLabel('PO number').fill(dealerPo);
  await dialog.getByRole('button', { name: 'Reship 5 licenses' }).click();
  const email = dialog.getByLabel('Dealer user’s e-mail');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/No dealer you may ship to has a user with this e-mail/);
  await shot(page, 'reship-error-email');

  // Meanwhile one of the two R8 licenses is reshipped elsewhere: the refusal marks the R8 line
  // (the request's second line), not the first.
  const distributor = await apiToken(request, DEMO.distributor);
  const r8Line = shipped.lines.find((l) => l.part_number === 'SV9100-R8')!;
  await apiCall(request, distributor, 'POST', '/reships', {
    dealer_email: DEMO.dealer.email,
    so_number: `SO-ZT-${unique()}`,
    po_number: `PO-ZT-${unique()}`,
    lines: [{ po_line_id: r8Line.id, quantity: 1 }],
  });
  await email.fill(DEMO.dealer.email);
  await dialog.getByRole('button', { name: 'Reship 5 licenses' }).click();
  await expect(r8).toHaveAttribute('aria-invalid', 'true');
  await expect(r8).toHaveAccessibleDescription(/^Only 1 left on this line/);
  await expect(ipport).not.toHaveAttribute('aria-invalid', 'true');
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'reship-error-line');

  await r8.fill('1');
  await dialog.getByRole('button', { name: 'Reship 4 licenses' }).click();
  const done = dialog.getByTestId('reship-done');
  await expect(done).toContainText(`4 licenses reshipped to ${DEMO.dealer.partner}`);
  await expect(done).toContainText(`PO ${dealerPo}`);
  await expect(done).toContainText('3 × SV9100-IPPORT-8, 1 × SV9100-R8');
  await shot(page, 'reship-done');
  await dialog.getByRole('button', { name: 'Back to the license bin' }).click();
  await expect(dialog).toBeHidden();

  // The bin refreshed: 2 of 5 and 0 of 2 left, the selection spent.
  await expect(card.getByRole('row').filter({ hasText: 'SV9100-IPPORT-8' }).getByTestId('available')).toHaveText('2');
  await expect(card.getByRole('row').filter({ hasText: 'SV9100-R8' }).getByTestId('available')).toHaveText('0');
  await expect(page.getByTestId('selection-summary')).toContainText('Nothing selected yet');

  // Tools → resold licenses lists the order with its dealer, numbers and parts.
  await openTools(page);
  const resold = page.getByRole('region', { name: 'Resold licenses' });
  const order = resold.locator(`tr[data-po="${dealerPo}"]`);
  await expect(order).toContainText(DEMO.dealer.partner);
  await expect(order).toContainText('3 × SV9100-IPPORT-8');
  await expect(order).toContainText('1 × SV9100-R8');
  await shot(page, 'tools-resold');
  await resold.getByLabel('Dealer').selectOption({ label: DEMO.dealer.partner });
  await expect(order).toBeVisible();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await resold.getByLabel('From').fill(day(tomorrow));
  await expect(resold.getByText('No reship matches these filters.')).toBeVisible();
  await expect(order).toHaveCount(0);
  await resold.getByRole('button', { name: 'Show all' }).click();
  await expect(order).toBeVisible();

  // The dealer finds the licenses in its bin as a new PO that came by reship.
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, DEMO.dealer);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'License bin' }).click();
  const arrived = poCard(page, dealerPo);
  await expect(arrived.getByRole('heading')).toContainText('reshipped');
  await expect(arrived.getByRole('row').filter({ hasText: 'SV9100-IPPORT-8' }).getByTestId('available')).toHaveText(
    '3',
  );
  await expect(arrived.getByRole('row').filter({ hasText: 'SV9100-R8' }).getByTestId('available')).toHaveText('1');
  // A dealer cannot reship, and Tools shows it no resold licenses.
  await expect(page.getByRole('button', { name: 'Reship to dealer…' })).toHaveCount(0);
  await openTools(page);
  await expect(page.getByRole('region', { name: 'Location look-up' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Resold licenses' })).toHaveCount(0);
});

test('an SWA distributor admin reships SWA units: the shortage in numbers, then the resold units', async ({ page }) => {
  const dealerPo = `PO-SWA-ZT-${unique()}`;
  await login(page, DEMO.distributor);
  await openTools(page);
  const section = page.getByRole('region', { name: 'Resold SWA units' });
  await section.getByText('Reship SWA units…').click();
  const form = section.getByRole('form', { name: 'Reship SWA units' });
  await form.getByLabel('Dealer user’s e-mail').fill(DEMO.dealer.email);
  await form.getByLabel('SO number').fill(`SO-SWA-ZT-${unique()}`);
  await form.getByLabel('PO number').fill(dealerPo);
  await form.getByLabel('Units').fill('999999');
  await form.getByRole('button', { name: 'Reship SWA units' }).click();
  const units = form.getByLabel('Units');
  await expect(units).toHaveAttribute('aria-invalid', 'true');
  await expect(units).toHaveAccessibleDescription(
    /Not enough unexpired SWA units: 999999 needed, \d+ available, \d+ missing\./,
  );
  const shortage = await form.locator('.field-error').innerText();
  const m = /(\d+) available, (\d+) missing/.exec(shortage);
  expect(Number(m![1]) + Number(m![2]), shortage).toBe(999999);
  await shot(page, 'tools-swa-reship-error');

  await units.fill('120');
  await form.getByRole('button', { name: 'Reship SWA units' }).click();
  await expect(form.getByRole('status')).toContainText(`120 SWA units reshipped to ${DEMO.dealer.partner}`);
  const row = section.locator(`tr[data-po="${dealerPo}"]`);
  await expect(row).toContainText(DEMO.dealer.partner);
  await expect(row.locator('td.num')).toHaveText('120');
  await shot(page, 'tools-swa-resold');
});

test('Tools → location look-up: three characters find a location, the link opens its page', async ({ page }) => {
  await login(page, DEMO.dealer);
  await openTools(page);
  const lookup = page.getByRole('region', { name: 'Location look-up' });
  const field = lookup.getByLabel('Location name or hardware key code');
  const results = lookup.getByRole('list', { name: 'Locations found' });

  // Two characters are not enough to search.
  await field.fill('re');
  await page.waitForTimeout(600);
  await expect(results).toHaveCount(0);

  await field.fill('recep');
  const reception = results.getByRole('listitem').filter({ hasText: 'Reception PBX' });
  await expect(reception).toContainText('Hotel Zonneveld');
  await expect(reception).toContainText('340209224568');
  await expect(results.getByRole('listitem').filter({ hasText: 'City hall' })).toHaveCount(0);
  await shot(page, 'tools-lookup');
  await reception.getByRole('link', { name: 'Reception PBX' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reception PBX' })).toBeVisible();
  await expect(page.getByTestId('location-hwkc')).toHaveText('340209224568');

  // By part of the HWKC, and only the partner's own: the distributor does not find the dealer's.
  await openTools(page);
  await page.getByLabel('Location name or hardware key code').fill('0209224');
  await expect(page.getByRole('list', { name: 'Locations found' })).toContainText('Reception PBX');
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, DEMO.distributor);
  await openTools(page);
  await page.getByLabel('Location name or hardware key code').fill('0209224');
  await expect(page.getByText('No location matches “0209224”.')).toBeVisible();
});
