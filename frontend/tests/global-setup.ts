// Starts a real LMS for the end-to-end tests: a copy of the server binary ($LMS_BIN), a fresh
// data directory with the demo data, `lms serve` on a free port serving ../dist. The URL goes
// to the tests through LMS_E2E_URL, the binary through LMS_E2E_BIN; the returned function
// stops the server and cleans up. The server trusts a fresh BusinessNet SSO key; its private
// half goes to the tests through LMS_E2E_SSO_PRIVATE_KEY.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function serverBinary(): string {
  const candidates = [
    process.env.LMS_BIN,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'debug/lms'),
    join(frontend, '../target/debug/lms'),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No LMS server binary: set LMS_BIN to a built \`lms\` (cargo build), tried ${candidates.join(', ')}`,
    );
  }
  return resolve(found);
}

function waitForUrl(server: ChildProcess, log: string): Promise<string> {
  return new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`lms serve printed no URL within 30 s:\n${seen}`)), 30_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /LMS listening on (http:\/\/[0-9.]+:[0-9]+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      const errors = existsSync(log) ? readFileSync(log, 'utf8') : '';
      fail(new Error(`lms serve exited (${code}) before listening:\n${seen}\n${errors}`));
    });
  });
}

export default async function globalSetup() {
  const dist = join(frontend, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('frontend/dist is missing: run `npm run build` first');

  const work = mkdtempSync(join(tmpdir(), 'lms-e2e-'));
  // A private copy, so a concurrent `cargo build` cannot swap the binary under the test.
  const bin = join(work, 'lms');
  copyFileSync(serverBinary(), bin);
  chmodSync(bin, 0o755);
  const data = join(work, 'data');
  mkdirSync(data);
  mkdirSync(join(frontend, 'test-results/screenshots'), { recursive: true });

  // BusinessNet's single sign-on key pair: the server trusts the public half, the tests sign
  // assertions with the private half (tests/sso.spec.ts).
  const sso = generateKeyPairSync('ed25519');
  process.env.LMS_E2E_SSO_PRIVATE_KEY = sso.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  const env = {
    ...process.env,
    LMS_BUSINESSNET_SSO_PUBLIC_KEY: sso.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    LMS_DATA_DIR: data,
    LMS_DATABASE_URL: 'sqlite://lms.db',
    LMS_BIND: '127.0.0.1:0',
    LMS_PORTAL_DIR: dist,
    LMS_CONFIG: join(work, 'none.toml'),
    LMS_LOG: process.env.LMS_LOG ?? 'warn',
  };
  execFileSync(bin, ['seed-demo'], { cwd: work, env, stdio: ['ignore', 'ignore', 'inherit'] });

  const log = join(work, 'server.log');
  const server = spawn(bin, ['serve'], { cwd: work, env, stdio: ['ignore', 'pipe', openSync(log, 'a')] });
  let url: string;
  try {
    url = await waitForUrl(server, log);
  } catch (e) {
    server.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  server.stdout!.resume();
  process.env.LMS_E2E_URL = url;
  // For tests that run the binary's own tools (`lms verify`).
  process.env.LMS_E2E_BIN = bin;

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (process.env.LMS_E2E_KEEP) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  };
}
