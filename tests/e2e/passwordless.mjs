// Drives examples/passwordless (the Authenticator with email codes and passkeys) in Debian's
// chromium: sign up with an email code, register a passkey (Chromium's virtual authenticator,
// through the DevTools protocol), sign out, sign in with an email code (a wrong one first), sign
// out, sign in with the passkey. One screenshot per step.
//
// Usage: node passwordless.mjs '<json>' with {url, chromium, email, code, wrongCode,
// screenshots, profile}. Prints one JSON line per step and, last, {"calls": [...]} with every
// Cognito call the app made. Requests to hosts other than localhost / 127.0.0.1 are blocked.
import { chromium } from 'playwright-core';
import path from 'node:path';

const args = JSON.parse(process.argv[2]);
const TIMEOUT = 15_000;
const calls = [];
const blocked = [];
const pageErrors = [];
let step = 0;

function log(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

async function shot(page, name) {
  step += 1;
  const file = path.join(args.screenshots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log({ screenshot: file });
}

async function expectVisible(locator, what) {
  try {
    await locator.waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch (error) {
    throw new Error(`${what} did not appear: ${error.message.split('\n')[0]}`);
  }
}

function hello(page) {
  return page.getByRole('heading', { name: `Hello ${args.email}` });
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form after sign-out');
}

async function run(page, cdp) {
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  const credentials = async () =>
    (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

  await page.goto(args.url);
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form');
  await shot(page, 'sign-in-form');

  // Sign up with an email code: no password field.
  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(args.email);
  await shot(page, 'create-account');
  await page.getByRole('button', { name: 'Create account with Email OTP' }).click();
  const code = page.locator('input[name="confirmation_code"]');
  await expectVisible(code, 'the sign-up confirmation code form');
  await shot(page, 'confirm-sign-up');
  await code.fill(args.code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expectVisible(hello(page), `"Hello ${args.email}" after confirming the sign-up`);
  await shot(page, 'signed-in-after-sign-up');

  // Register a passkey with the virtual authenticator.
  await page.getByRole('button', { name: 'Register a passkey' }).click();
  await expectVisible(page.getByText('Passkeys: 1'), 'one registered passkey');
  const registered = await credentials();
  log({ step: 'passkey-registered', count: registered.length, rpId: registered[0]?.rpId });
  await shot(page, 'passkey-registered');
  await signOut(page);

  // Sign in with an email code; a wrong code first.
  await page.getByLabel('Email').fill(args.email);
  await page.getByRole('button', { name: 'Sign In with Email' }).click();
  await expectVisible(code, 'the sign-in code form');
  await code.fill(args.wrongCode);
  await page.getByRole('button', { name: 'Confirm' }).click();
  const wrong = page.getByRole('alert');
  await expectVisible(wrong, 'the wrong-code error');
  log({ step: 'wrong-code-error', text: (await wrong.textContent()).trim() });
  await shot(page, 'wrong-code');
  await code.fill(args.code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expectVisible(hello(page), `"Hello ${args.email}" after the email code`);
  await shot(page, 'signed-in-with-email-code');
  await signOut(page);

  // Sign in with the passkey.
  await page.getByLabel('Email').fill(args.email);
  await page.getByRole('button', { name: 'Other sign-in options' }).click();
  await page.getByRole('button', { name: 'Sign In with Passkey' }).click();
  await expectVisible(hello(page), `"Hello ${args.email}" after the passkey`);
  const used = await credentials();
  log({ step: 'signed-in-with-passkey', signCount: used[0]?.signCount });
  await shot(page, 'signed-in-with-passkey');
  await signOut(page);
}

const context = await chromium.launchPersistentContext(args.profile, {
  executablePath: args.chromium,
  headless: true,
  viewport: { width: 900, height: 900 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failed = null;
try {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('request', (request) => {
    const target = request.headers()['x-amz-target'] ?? '';
    if (!target.endsWith('.SignUp')) return;
    // The email-code sign-up sends no password (the form still shows the password fields).
    log({ step: 'sign-up-request', hasPassword: 'Password' in JSON.parse(request.postData() ?? '{}') });
  });
  page.on('response', async (response) => {
    const target = response.request().headers()['x-amz-target'];
    if (!target) return;
    const errorType = response.status() >= 400 ? response.headers()['x-amzn-errortype'] ?? null : null;
    calls.push({ target, status: response.status(), errorType });
  });
  try {
    await run(page, cdp);
  } catch (error) {
    failed = error;
    await page.screenshot({ path: path.join(args.screenshots, 'failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await context.close();
}
log({ calls, blocked, pageErrors });
if (failed) {
  process.stderr.write(`${failed.stack ?? failed}\n`);
  process.exit(1);
}
if (blocked.length) {
  process.stderr.write(`requests to other hosts were blocked: ${blocked.join(', ')}\n`);
  process.exit(1);
}
