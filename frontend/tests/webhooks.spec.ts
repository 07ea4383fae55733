import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, expect, login, shipToDealer, shot, test } from './fixtures';

interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
}

/** A webhook receiver in the test process: answers 500 to the first request, then 204. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => void }> {
  const received: Received[] = [];
  const header = (req: IncomingMessage, name: string) => String(req.headers[name] ?? '');
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({
        id: header(req, 'webhook-id'),
        timestamp: header(req, 'webhook-timestamp'),
        signature: header(req, 'webhook-signature'),
        body,
      });
      res.statusCode = received.length === 1 ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => server.close() };
}

/** Whether `r` carries a Standard Webhooks signature made with `secret` (`whsec_…`). */
function signedWith(r: Received, secret: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64');
  return r.signature.split(' ').includes(`v1,${expected}`);
}

test('a vendor admin adds an endpoint, sees its messages and attempts, redelivers, rotates, disables and deletes', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const receiver = await startReceiver();
  try {
    await login(page, DEMO.admin);
    await page.goto('/admin/partners');
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

    // Add an endpoint for license shipments only; its secret is shown once.
    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('URL').fill('ftp://nowhere.example/');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(form.getByLabel('URL')).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill('Playwright receiver');
    for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
    await form.getByRole('checkbox', { name: /license\.shipped/ }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const notice = page.getByRole('status').filter({ hasText: `Endpoint ${receiver.url} added.` });
    await expect(notice).toBeVisible();
    const secret = await notice.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shot(page, 'admin-webhooks-secret');
    await notice.getByRole('button', { name: 'I have stored the secret' }).click();
    await expect(notice).toBeHidden();
    const row = page.getByRole('row', { name: new RegExp(receiver.url.replace(/[.:/]/g, '\\$&')) }).first();
    await expect(row).toContainText('Enabled');
    await expect(row).toContainText('license.shipped');

    // A shipment: the first attempt gets 500, the retry (about 5 s later) 204, both signed.
    await shipToDealer(page.request, [{ part_number: 'SV9100-IPPORT-8', quantity: 2 }]);
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(2);
    const [first, retry] = receiver.received;
    expect(retry.id).toBe(first.id);
    expect(signedWith(retry, secret)).toBe(true);
    expect(JSON.parse(retry.body).type).toBe('license.shipped');

    // The messages page shows it delivered after two attempts, with each attempt's answer.
    await row.getByRole('link', { name: /Messages/ }).click();
    await expect(page.getByRole('heading', { name: 'Webhook messages', level: 1 })).toBeVisible();
    const message = page.getByRole('row', { name: /license\.shipped/ }).first();
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(message).toContainText('Delivered', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(message).toContainText('204');
    await message.getByRole('button', { name: /Attempts/ }).click();
    const attempts = page.getByRole('table', { name: /Attempts of license\.shipped/ });
    await expect(attempts.getByRole('row')).toHaveCount(3);
    await expect(attempts).toContainText('500');
    await shot(page, 'admin-webhook-messages');

    // Redeliver: the same webhook-id once more.
    await page.getByRole('button', { name: /^Redeliver/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Queued' })).toBeVisible();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(3);
    expect(receiver.received[2].id).toBe(first.id);

    // Rotate the secret, disable the endpoint, delete it.
    await page.goto('/admin/webhooks');
    await row.getByRole('button', { name: /^Rotate secret/ }).click();
    const rotated = page.getByRole('status').filter({ hasText: `New secret for ${receiver.url}.` });
    await expect(rotated).toBeVisible();
    expect(await rotated.getByLabel('Signing secret').inputValue()).not.toBe(secret);
    await rotated.getByRole('button', { name: 'I have stored the secret' }).click();
    await row.getByRole('button', { name: /^Disable/ }).click();
    await expect(row).toContainText('Disabled');
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: /^Delete/ }).click();
    await expect(page.getByRole('row', { name: new RegExp(receiver.url.replace(/[.:/]/g, '\\$&')) })).toHaveCount(0);
  } finally {
    receiver.close();
  }
});
