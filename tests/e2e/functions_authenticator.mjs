// Drives the react-authenticator app against the examples/functions backend (three triggers)
// in Debian's chromium: a sign-up at the auto-confirm domain (no code screen), a normal sign-up
// confirmed with the code (post-confirmation adds the user to a group), and a sign-up at the
// blocked domain (the pre-sign-up function's error in the Authenticator).
//
// Usage: node functions_authenticator.mjs '<json>' with {url, chromium, autoEmail, normalEmail,
// blockedEmail, password, code, screenshots, profile}. Prints one JSON line per step; the ID
// token claims are read from the Amplify JS token store in localStorage.
import { chromium } from 'playwright-core';
import path from 'node:path';

const args = JSON.parse(process.argv[2]);
const TIMEOUT = 20_000;
const pageErrors = [];
let step = 0;

function log(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

async function shot(page, name) {
  step += 1;
  const file = path.join(args.screenshots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function expectVisible(locator, what) {
  try {
    await locator.waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch (error) {
    throw new Error(`${what} did not appear: ${error.message.split('\n')[0]}`);
  }
}

async function createAccount(page, email) {
  await page.getByRole('tab', { name: 'Create Account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(args.password);
  await page.getByLabel('Confirm Password').fill(args.password);
  await page.getByRole('button', { name: 'Create Account' }).click();
}

function hello(page, email) {
  return page.getByRole('heading', { name: `Hello ${email}` });
}

async function idTokenClaims(page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith('.idToken'));
    if (!key) return null;
    const part = localStorage.getItem(key).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  });
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form after sign-out');
}

async function run(page) {
  await page.goto(args.url);
  await expectVisible(page.getByRole('tab', { name: 'Sign In' }), 'the sign-in form');

  // 1. Auto-confirmed domain: straight to the app, no code screen.
  await createAccount(page, args.autoEmail);
  const codeField = page.getByLabel('Confirmation Code');
  await Promise.race([
    hello(page, args.autoEmail).waitFor({ state: 'visible', timeout: TIMEOUT }),
    codeField.waitFor({ state: 'visible', timeout: TIMEOUT }),
  ]).catch(() => {});
  log({ step: 'auto-confirm', codeScreen: await codeField.isVisible() });
  await expectVisible(hello(page, args.autoEmail), `"Hello ${args.autoEmail}" without a code`);
  await shot(page, 'auto-confirmed');
  log({ step: 'auto-confirm-claims', claims: await idTokenClaims(page) });
  await signOut(page);

  // 2. Normal sign-up: the code screen, then signed in and in the group.
  await createAccount(page, args.normalEmail);
  await expectVisible(codeField, 'the confirmation code form');
  await shot(page, 'confirm-sign-up');
  await codeField.fill(args.code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expectVisible(hello(page, args.normalEmail), `"Hello ${args.normalEmail}" after confirming`);
  await shot(page, 'confirmed');
  log({ step: 'confirmed-claims', claims: await idTokenClaims(page) });
  await signOut(page);

  // 3. Blocked domain: the function's message in the Authenticator.
  await createAccount(page, args.blockedEmail);
  const alert = page.getByRole('alert').filter({ hasText: 'failed with error' });
  await expectVisible(alert, 'the pre-sign-up error');
  log({ step: 'blocked', text: (await alert.textContent()).trim() });
  await shot(page, 'blocked');
}

const context = await chromium.launchPersistentContext(args.profile, {
  executablePath: args.chromium,
  headless: true,
  viewport: { width: 900, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync',
    '--disable-background-networking', '--disable-component-update'],
});
let failed = null;
try {
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  try {
    await run(page);
  } catch (error) {
    failed = error;
    await page.screenshot({ path: path.join(args.screenshots, 'failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await context.close();
}
log({ pageErrors });
if (failed) {
  process.stderr.write(`${failed.stack ?? failed}\n`);
  process.exit(1);
}
