// Drives examples/react-google in Debian's chromium: "Sign in with Google" through the
// emulator's hosted UI and its Google stand-in page, back signed in; sign out through /logout;
// then a password user signs in on the same Authenticator. One screenshot per step.
//
// Usage: node social_signin.mjs '<json>' with {url, chromium, spki, hostedUi, google: {sub,
// email, name}, email, password, screenshots, profile}. Prints one JSON line per step and, last,
// {"calls": [...], "hostedUi": [...], ...}: every Cognito API call (target, status, error type)
// and every hosted-UI request (method, path, status). Chromium trusts the emulator's CA by its
// public key (--ignore-certificate-errors-spki-list) and nothing else; requests to hosts other
// than localhost and 127.0.0.1 are blocked and fail the run.
import { chromium } from 'playwright-core';
import path from 'node:path';

const args = JSON.parse(process.argv[2]);
const TIMEOUT = 15_000;
const calls = [];
const hostedUi = [];
const blocked = [];
const pageErrors = [];
const certificateErrors = [];
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

async function session(page) {
  const lookups = () =>
    page.evaluate(() => Number(document.querySelector('[data-testid="session"]')?.dataset.lookups));
  const before = await lookups();
  await page.getByRole('button', { name: 'Show session' }).click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="session"]')?.dataset.lookups) > n,
    before,
    { timeout: TIMEOUT },
  );
  const section = page.getByTestId('session');
  const alert = section.getByRole('alert');
  if (await alert.count()) throw new Error(`"Show session" failed in the app: ${await alert.textContent()}`);
  return JSON.parse(await section.locator('pre').textContent());
}

const hello = (page, email) => page.getByRole('heading', { name: `Hello ${email}` });

async function run(page) {
  await page.goto(args.url);
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form');
  const google = page.getByRole('button', { name: 'Sign In with Google' });
  await expectVisible(google, 'the "Sign In with Google" button');
  await shot(page, 'sign-in-form');

  await google.click();
  await expectVisible(page.getByRole('heading', { name: 'Sign in with Google' }), 'the Google stand-in page');
  const standIn = new URL(page.url());
  log({ step: 'stand-in', origin: standIn.origin, path: standIn.pathname });
  await page.getByLabel('sub', { exact: true }).fill(args.google.sub);
  await page.getByLabel('email', { exact: true }).fill(args.google.email);
  await page.getByLabel('name', { exact: true }).fill(args.google.name);
  await shot(page, 'google-stand-in');
  await page.getByRole('button', { name: 'Sign in as this identity' }).click();

  await expectVisible(hello(page, args.google.email), `"Hello ${args.google.email}" after Google`);
  const federated = await session(page);
  log({ step: 'google-signed-in', url: page.url(), ...federated });
  await shot(page, 'signed-in-with-google');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form after signing out');
  const tokenKeysLeft = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.includes('CognitoIdentityServiceProvider')),
  );
  log({ step: 'google-signed-out', url: page.url(), tokenKeysLeft });
  await shot(page, 'signed-out');

  await page.getByRole('tab', { name: 'Sign In' }).click();
  await page.getByLabel('Email').fill(args.email);
  await page.getByLabel('Password', { exact: true }).fill(args.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectVisible(hello(page, args.email), `"Hello ${args.email}" after the password sign-in`);
  const native = await session(page);
  log({ step: 'password-signed-in', ...native });
  await shot(page, 'signed-in-with-password');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form at the end');
  log({ step: 'password-signed-out' });
}

// A persistent context is how playwright takes a fresh --user-data-dir (args.profile), which
// Chromium needs before it honours --ignore-certificate-errors-spki-list.
const context = await chromium.launchPersistentContext(args.profile, {
  executablePath: args.chromium,
  headless: true,
  viewport: { width: 900, height: 1000 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--ignore-certificate-errors-spki-list=${args.spki}`,
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
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    if (failure.includes('CERT')) certificateErrors.push(`${request.url()}: ${failure}`);
  });
  page.on('response', async (response) => {
    const request = response.request();
    const url = new URL(request.url());
    if (url.origin === args.hostedUi) {
      hostedUi.push({ method: request.method(), path: url.pathname, status: response.status() });
    }
    const target = request.headers()['x-amz-target'];
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
log({ calls, hostedUi, blocked, pageErrors, certificateErrors });
if (failed) {
  process.stderr.write(`${failed.stack ?? failed}\n`);
  process.exit(1);
}
if (blocked.length) {
  process.stderr.write(`requests to other hosts were blocked: ${blocked.join(', ')}\n`);
  process.exit(1);
}
