import { DEMO, expect, login, shot, test } from './fixtures';

test('a wrong password is refused; the right one signs in; logout returns to the login page', async ({ page }) => {
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/login$/);
  await shot(page, 'login');

  await page.getByLabel('E-mail').fill(DEMO.dealer.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText(/password/i);
  await shot(page, 'login-error');

  await page.getByLabel('Password').fill(DEMO.dealer.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // Back where the user wanted to go, with name and partner in the top bar.
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByTestId('whoami')).toContainText(DEMO.dealer.name);
  await expect(page.getByTestId('whoami')).toContainText(DEMO.dealer.partner);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('a 401 from the API (ended session) sends the user back to the login page', async ({ page }) => {
  await login(page, DEMO.dealer);
  await page.evaluate(() => {
    for (const k of Object.keys(sessionStorage)) sessionStorage.setItem(k, 'expired-or-forged-token');
  });
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your session has ended' })).toBeVisible();
  // Logging in again returns to the page that failed.
  await page.getByLabel('E-mail').fill(DEMO.dealer.email);
  await page.getByLabel('Password').fill(DEMO.dealer.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/customers$/);
});

test('a partner user sees no administration', async ({ page }) => {
  await login(page, DEMO.dealer);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin/partners');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
