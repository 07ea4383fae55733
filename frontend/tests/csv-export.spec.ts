import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { apiCall, apiToken, DEMO, expect, login, test, unique } from './fixtures';

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field === '' && row.length === 0, 'the file ends with a whole record').toBe(true);
  return rows;
}

/** Clicks the button and answers the saved file's name and records, by column name. */
async function exportCsv(page: Page, button: ReturnType<Page['getByRole']>) {
  const [download]: [Download, unknown] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = await readFile((await download.path())!, 'utf-8');
  const [header, ...rows] = parseCsv(text);
  const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  return { name: download.suggestedFilename(), header, records };
}

test('Export CSV saves every row the list shows, the filters applied, formulas defused', async ({ page, request }) => {
  const u = unique();
  const name = `Zoë "Export", ${u}`;
  const dealer = await apiToken(request, DEMO.dealer);
  const customer = await apiCall<{ id: string }>(request, dealer, 'POST', '/customers', {
    name,
    country: 'NL',
    reference_note: '=1+1',
  });
  await apiCall(request, dealer, 'POST', `/customers/${customer.id}/locations`, {
    name: 'Front desk, ground floor',
    system_type: 'SV9100_CP10',
    hwkc: `34${Date.now().toString(16).slice(-10).toUpperCase().padStart(10, '0')}`,
  });

  await login(page, DEMO.dealer);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(u);
  await expect(page.getByRole('link', { name })).toBeVisible();
  // The search has applied: the demo customers are gone from the list.
  await expect(page.getByRole('link', { name: 'Hotel Zonneveld' })).toBeHidden();
  const customers = await exportCsv(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(customers.name).toBe('customers.csv');
  expect(customers.header.slice(0, 3)).toEqual(['id', 'name', 'country']);
  // The search applies: only the new customer.
  expect(customers.records).toEqual([expect.objectContaining({ id: customer.id, name, reference_note: "'=1+1" })]);

  await page.getByRole('link', { name }).click();
  const locations = await exportCsv(
    page,
    page.getByRole('region', { name: 'Locations' }).getByRole('button', { name: 'Export CSV' }),
  );
  expect(locations.name).toBe('customer-locations.csv');
  expect(locations.records.map((r) => [r.name, r.customer_id, r.system_type])).toEqual([
    ['Front desk, ground floor', customer.id, 'SV9100_CP10'],
  ]);
});

test('vendor staff export every partner', async ({ page }) => {
  await login(page, DEMO.admin);
  await page.goto('/admin/partners');
  const partners = await exportCsv(
    page,
    page.getByRole('region', { name: 'All partners' }).getByRole('button', { name: 'Export CSV' }),
  );
  expect(partners.name).toBe('partners.csv');
  expect(partners.header).toEqual(['id', 'name', 'tier']);
  expect(partners.records).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: DEMO.dealer.partner, tier: 'dealer' }),
      expect.objectContaining({ name: DEMO.distributor.partner, tier: 'distributor' }),
    ]),
  );
});
