import { DEMO, expect, login, shot, test } from './fixtures';

test('Easy Nav finds demo locations by name and by HWKC, with the keyboard or the mouse', async ({ page }) => {
  await login(page, DEMO.dealer);
  await expect(page.getByRole('heading', { name: `Welcome, ${DEMO.dealer.name}` })).toBeVisible();
  await shot(page, 'home');

  const search = page.getByRole('combobox', { name: 'Find a location' });
  await search.fill('recep');
  const results = page.getByRole('listbox', { name: 'Matching locations' });
  const reception = results.getByRole('option', { name: /Reception PBX/ });
  await expect(reception).toBeVisible();
  await expect(reception).toContainText('Hotel Zonneveld');
  await expect(reception).toContainText('340209224568');
  await shot(page, 'home-easynav');

  await search.press('ArrowDown');
  await expect(reception).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Reception PBX' })).toBeVisible();
  await expect(page.getByTestId('location-hwkc')).toHaveText('340209224568');

  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await page.getByRole('combobox', { name: 'Find a location' }).fill('22cc5382');
  await page.getByRole('option', { name: /^Conference wing Hotel/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Conference wing' })).toBeVisible();

  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await page.getByRole('combobox', { name: 'Find a location' }).fill('no such location anywhere');
  await expect(page.getByText('No location matches')).toBeVisible();
});

test('Easy Nav shows only the partner’s own locations', async ({ page }) => {
  await login(page, DEMO.distributor);
  await page.getByRole('combobox', { name: 'Find a location' }).fill('re');
  await expect(page.getByRole('option', { name: /Brewery/ })).toBeVisible();
  await expect(page.getByRole('option', { name: /Reception PBX/ })).toHaveCount(0);
});
