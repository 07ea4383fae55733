import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { DEMO, expect, test } from './fixtures';

/** A BusinessNet assertion for `email`, signed with the key the test server trusts. */
function assertion(email: string, claims: Record<string, unknown> = {}): string {
  const pem = process.env.LMS_E2E_SSO_PRIVATE_KEY;
  if (!pem) throw new Error('LMS_E2E_SSO_PRIVATE_KEY is not set: the global setup did not make the SSO key');
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({
    iss: 'businessnet',
    aud: 'lms',
    sub: email,
    iat: now,
    exp: now + 120,
    jti: randomUUID(),
    ...claims,
  })}`;
  const signature = sign(null, Buffer.from(input), createPrivateKey(pem)).toString('base64url');
  return `${input}.${signature}`;
}

test('a partner arriving from BusinessNet lands logged in, and the assertion leaves the address', async ({ page }) => {
  await page.goto(`/sso?assertion=${assertion(DEMO.dealer.email)}`);
  await expect(page.getByTestId('whoami')).toContainText(DEMO.dealer.name);
  await expect(page).toHaveURL(/\/$/);
  // Neither the address nor the history keeps the assertion.
  await page.goBack();
  expect(page.url()).not.toContain('assertion');
});

test('a replayed, expired or unknown-user assertion is refused with what to do', async ({ browser }) => {
  const once = assertion(DEMO.distributor.email);
  const first = await browser.newPage();
  await first.goto(`/sso?assertion=${once}`);
  await expect(first.getByTestId('whoami')).toContainText(DEMO.distributor.name);
  await first.close();

  const page = await browser.newPage();
  await page.goto(`/sso?assertion=${once}`);
  await expect(page.getByRole('alert')).toContainText('already used');
  expect(page.url()).not.toContain('assertion');

  const past = Math.floor(Date.now() / 1000) - 600;
  await page.goto(`/sso?assertion=${assertion(DEMO.dealer.email, { iat: past - 60, exp: past })}`);
  await expect(page.getByRole('alert')).toContainText('expired');

  await page.goto(`/sso?assertion=${assertion('nobody@lms.demo')}`);
  await expect(page.getByRole('alert')).toContainText('no active user');

  // No session came of any of them; the way out is the ordinary login.
  await page.getByRole('link', { name: /Log in with your e-mail/ }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await page.close();
});
