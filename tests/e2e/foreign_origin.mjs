// A web page on a foreign origin tries to read and wipe the emulator, as any site the developer
// visits could: it runs in Debian's chromium on `http://evil.test:PORT/` (mapped to 127.0.0.1 with
// --host-resolver-rules), then opens the emulator under a rebound name, `http://rebind.test:EMU/`.
//
// Usage: node foreign_origin.mjs '<json>' with {chromium, profile, page, emulator, rebind}.
// Prints one JSON line: what each attempt got.
import { chromium } from 'playwright-core';

const args = JSON.parse(process.argv[2]);
const TIMEOUT = 15_000;

const context = await chromium.launchPersistentContext(args.profile, {
  executablePath: args.chromium,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP evil.test 127.0.0.1, MAP rebind.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
const results = {};
try {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const loaded = await page.goto(args.page);
  results.pageOrigin = await page.evaluate(() => window.location.origin);
  results.pageStatus = loaded.status();

  Object.assign(
    results,
    await page.evaluate(async (emulator) => {
      async function attempt(url, init) {
        try {
          const response = await fetch(url, init);
          const text = response.type === 'opaque' ? null : await response.text();
          return { type: response.type, status: response.status, text };
        } catch (error) {
          return { error: String(error) };
        }
      }
      return {
        readData: await attempt(`${emulator}/moto-api/data.json`),
        resetWithCors: await attempt(`${emulator}/moto-api/reset`, { method: 'POST' }),
        resetNoCors: await attempt(`${emulator}/moto-api/reset`, { method: 'POST', mode: 'no-cors' }),
        listUserPools: await attempt(`${emulator}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
          },
          body: JSON.stringify({ MaxResults: 10 }),
        }),
      };
    }, args.emulator),
  );

  // A form post is a navigation: no CORS at all, the browser just sends it.
  const [formResponse] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate((emulator) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = `${emulator}/moto-api/reset`;
      document.body.append(form);
      form.submit();
    }, args.emulator),
  ]);
  results.resetByForm = { status: formResponse.status(), text: await formResponse.text() };

  // DNS rebinding: the attacker's name now points at 127.0.0.1, so its page is same-origin with
  // the emulator; only the Host check stands in the way.
  const rebound = await page.goto(args.rebind);
  results.rebound = { status: rebound.status(), text: await rebound.text() };
} catch (error) {
  results.failure = String(error.stack ?? error);
} finally {
  await context.close();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = results.failure ? 1 : 0;
