// Credentials: the vendor admin edits, disables and enables accounts; users keep API keys
// (the secret shown once) and change their own password. Fresh users, never the demo logins.
import { DEMO, apiToken, expect, freshDealerUser, login, meStatus, shot, test, unique } from './fixtures';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('the admin edits a user, disables them (their session ends, no login) and enables them again', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const user = await freshDealerUser(request, `Dora ${unique()}`);

  // The user is logged in, in a browser of their own.
  const theirs = await browser.newPage();
  await login(theirs, user);

  await login(page, DEMO.admin);
  await page.goto('/admin/users');
  const row = page.getByRole('row', { name: new RegExp(escape(user.email)) });
  await expect(row).toContainText('Active');

  // Roles that do not fit a dealer are refused next to the roles; then a new name is saved.
  await row.getByRole('button', { name: /^Edit/ }).click();
  const form = page.getByRole('form', { name: `Edit ${user.email}` });
  await form.getByRole('checkbox', { name: /^SWA distributor admin/ }).check();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByRole('group', { name: 'Roles' })).toContainText('for distributors');
  await expect(form.locator('.checks.has-error')).toBeVisible();
  await shot(page, 'admin-user-edit-error');
  await form.getByRole('checkbox', { name: /^SWA distributor admin/ }).uncheck();
  await form.getByRole('checkbox', { name: /^SWA dealer admin/ }).check();
  const renamed = `${user.name} Renamed`;
  await form.getByLabel('Name').fill(renamed);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form).toHaveCount(0);
  await expect(row).toContainText(renamed);
  await expect(row).toContainText('SWA dealer admin');

  // Disable: marked, and the user's next request leads to the login page.
  await row.getByRole('button', { name: /^Disable/ }).click();
  await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: /^Enable/ })).toBeVisible();
  await shot(page, 'admin-user-disabled');
  await theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(theirs).toHaveURL(/\/login$/);
  await expect(theirs.getByRole('status').filter({ hasText: 'Your session has ended' })).toBeVisible();
  await theirs.getByLabel('E-mail').fill(user.email);
  await theirs.getByLabel('Password').fill(user.password);
  await theirs.getByRole('button', { name: 'Log in' }).click();
  await expect(theirs.getByRole('alert')).toContainText(/wrong e-mail or password/i);
  await expect(theirs).toHaveURL(/\/login$/);

  // The admin cannot disable their own account: said in the row.
  const own = page.getByRole('row', { name: new RegExp(escape(DEMO.admin.email)) });
  await own.getByRole('button', { name: /^Disable/ }).click();
  await expect(own.getByRole('alert')).toContainText('You cannot disable your own account');
  await expect(own).toContainText('Active');

  // Enabled again: the user logs in.
  await row.getByRole('button', { name: /^Enable/ }).click();
  await expect(row).toContainText('Active');
  await login(theirs, { ...user, name: renamed });
  await theirs.close();
});

test('a user creates an API key (the secret shown once), uses it and revokes it', async ({ page, request }) => {
  const user = await freshDealerUser(request, `Kees ${unique()}`);
  await login(page, user);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  await expect(page.getByText('You have no API keys.')).toBeVisible();

  // A date in the past is refused at its field.
  await page.getByLabel('Name').fill('ERP nightly sync');
  await page.getByLabel('Expires on').fill('2020-01-31');
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByLabel('Expires on')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Expires on')).toHaveAccessibleDescription(/must lie in the future/);

  const nextYear = new Date().getFullYear() + 1;
  await page.getByLabel('Expires on').fill(`${nextYear}-06-30`);
  await page.getByRole('button', { name: 'Create API key' }).click();
  const created = page.getByRole('status').filter({ hasText: 'API key “ERP nightly sync” created.' });
  await expect(created).toContainText('it is shown only this once');
  const secret = await created.getByLabel('Your new API key').inputValue();
  expect(secret).toMatch(/^lms_/);
  await shot(page, 'api-key-created');
  expect(await meStatus(request, secret)).toBe(200);

  // Once: after "stored" only the prefix is shown, never the secret.
  await created.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(created).toHaveCount(0);
  const row = page.getByRole('row', { name: /ERP nightly sync/ });
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row).toContainText(`Until 30 Jun ${nextYear}`);
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await shot(page, 'api-keys');

  await row.getByRole('button', { name: /^Revoke/ }).click();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
  expect(await meStatus(request, secret)).toBe(401);
});

test("the admin sees every user's API keys and revokes one", async ({ page, request }) => {
  const user = await freshDealerUser(request, `Lotte ${unique()}`);
  const token = await apiToken(request, user);
  const name = `Integration ${unique()}`;
  const r = await request.post(`${process.env.LMS_E2E_URL}/api/v1/api-keys`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { name },
  });
  expect(r.status()).toBe(201);
  const { key_secret: secret } = await r.json();
  expect(await meStatus(request, secret)).toBe(200);

  await login(page, DEMO.admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText(user.email);
  await expect(row).toContainText('Until revoked');
  await shot(page, 'admin-api-keys');
  await row.getByRole('button', { name: /^Revoke/ }).click();
  await expect(row).toContainText('Revoked');
  expect(await meStatus(request, secret)).toBe(401);
});

test('a user changes their password: wrong current one refused at its field; stays logged in; the new one logs in', async ({
  page,
  request,
}) => {
  const user = await freshDealerUser(request, `Piet ${unique()}`);
  const oldToken = await apiToken(request, user);
  await login(page, user);
  await page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Details' })).toContainText(user.email);

  const current = page.getByLabel('Current password');
  const next = page.getByLabel(/^New password/);
  const repeat = page.getByLabel('Repeat the new password');
  const submit = page.getByRole('button', { name: 'Change password' });
  const newPassword = `a new passphrase ${unique()}`;

  // Too short, and mistyped: said at the fields before anything is sent.
  await current.fill(user.password);
  await next.fill('short');
  await repeat.fill('short');
  await submit.click();
  await expect(next).toHaveAttribute('aria-invalid', 'true');
  await expect(next).toHaveAccessibleDescription(/10 to 128 characters long/);
  await next.fill(newPassword);
  await repeat.fill(`${newPassword}x`);
  await submit.click();
  await expect(repeat).toHaveAccessibleDescription(/The two new passwords differ/);

  // A wrong current password: the API's answer at that field.
  await current.fill('not my password at all');
  await repeat.fill(newPassword);
  await submit.click();
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  await expect(current).toHaveAccessibleDescription(/The current password is wrong/);
  await shot(page, 'account-password-error');

  await current.fill(user.password);
  await submit.click();
  await expect(page.getByRole('status').filter({ hasText: 'Password changed.' })).toContainText(
    'you are still logged in here',
  );
  await expect(current).toHaveValue('');
  await shot(page, 'account-password-changed');
  // Other sessions ended; this one goes on (a new token, logged in again).
  expect(await meStatus(request, oldToken)).toBe(401);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();

  // The old password no longer logs in; the new one does.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText(/wrong e-mail or password/i);
  await login(page, { ...user, password: newPassword });
});
