// Drives the react-authenticator example in Debian's chromium through sign-up, sign-in, token
// refresh, identity-pool credentials and sign-out, one screenshot per step.
//
// Usage: node authenticator.mjs '<json>' with {url, chromium, email, password, wrongPassword,
// code, screenshots, profile}. Prints one JSON line per step on stdout and, last, one line
// {"calls": [...]} with every Cognito call the app made (target, status, error type).
// Any request to a host other than localhost (the app) and 127.0.0.1 (the emulator) is blocked
// and fails the run.
import { chromium } from 'playwright-core';
import path from 'node:path';

const args = JSON.parse(process.argv[2]);
const TIMEOUT = 15_000;
const calls = [];
const blocked = [];
const pageErrors = [];
let step = 0;

const started = Date.now();

function log(record) {
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ ...record, seconds })}\n`);
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

async function session(page, button) {
  const lookups = () =>
    page.evaluate(() => Number(document.querySelector('[data-testid="session"]')?.dataset.lookups));
  const before = await lookups();
  await page.getByRole('button', { name: button }).click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="session"]')?.dataset.lookups) > n,
    before,
    { timeout: TIMEOUT },
  );
  const section = page.getByTestId('session');
  const alert = section.getByRole('alert');
  if (await alert.count()) throw new Error(`"${button}" failed in the app: ${await alert.textContent()}`);
  return JSON.parse(await section.locator('pre').textContent());
}

async function signIn(page, password) {
  await page.getByRole('tab', { name: 'Sign In' }).click();
  await page.getByLabel('Email').fill(args.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

function hello(page) {
  return page.getByRole('heading', { name: `Hello ${args.email}` });
}

async function run(page) {
  await page.goto(args.url);
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form');
  await shot(page, 'sign-in-form');

  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(args.email);
  await page.getByLabel('Password', { exact: true }).fill(args.password);
  await page.getByLabel('Confirm Password').fill(args.password);
  await shot(page, 'create-account');
  await page.getByRole('button', { name: 'Create Account' }).click();

  const codeField = page.getByLabel('Confirmation Code');
  await expectVisible(codeField, 'the confirmation code form');
  await shot(page, 'confirm-sign-up');
  await codeField.fill(args.code);
  await page.getByRole('button', { name: 'Confirm' }).click();

  await expectVisible(hello(page), `"Hello ${args.email}" after confirming`);
  await shot(page, 'signed-in-after-sign-up');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form after sign-out');
  await shot(page, 'signed-out');

  await signIn(page, args.wrongPassword);
  const error = page.getByRole('alert').filter({ hasText: 'Incorrect username or password' });
  await expectVisible(error, 'the wrong-password error');
  log({ step: 'wrong-password-error', text: (await error.textContent()).trim() });
  await shot(page, 'wrong-password');

  await signIn(page, args.password);
  await expectVisible(hello(page), `"Hello ${args.email}" after signing in`);
  await shot(page, 'signed-in');

  const first = await session(page, 'Show session');
  const refreshed = await session(page, 'Refresh tokens');
  if (!refreshed.accessTokenJti || refreshed.accessTokenJti === first.accessTokenJti) {
    throw new Error(`forceRefresh did not issue a new access token: ${JSON.stringify(refreshed)}`);
  }
  log({ step: 'token-refresh', before: first.accessTokenJti, after: refreshed.accessTokenJti });
  await shot(page, 'tokens-refreshed');

  await page.reload();
  await expectVisible(hello(page), `"Hello ${args.email}" after a reload`);
  await shot(page, 'signed-in-after-reload');

  const credentials = await session(page, 'Show session');
  if (!credentials.identityId || !credentials.accessKeyId) {
    throw new Error(`no identity-pool credentials: ${JSON.stringify(credentials)}`);
  }
  log({ step: 'credentials', identityId: credentials.identityId, accessKeyId: credentials.accessKeyId });
  await shot(page, 'credentials');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form after sign-out');
  const leftover = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.includes('CognitoIdentityServiceProvider')),
  );
  log({ step: 'signed-out-again', tokenKeysLeft: leftover });
  await shot(page, 'signed-out-again');
}

// A persistent context is how playwright takes a fresh --user-data-dir (args.profile).
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
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('response', async (response) => {
    const target = response.request().headers()['x-amz-target'];
    if (!target) return;
    const errorType = response.status() >= 400 ? response.headers()['x-amzn-errortype'] ?? null : null;
    calls.push({ target, status: response.status(), errorType });
  });
  try {
    await run(page);
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
