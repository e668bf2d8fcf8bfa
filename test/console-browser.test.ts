import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the plain ESM build script has no types.
import { buildConsole } from '../scripts/build-console.mjs';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../src/http/routes/console.js';
import { launchChromium } from './support/launch-chromium.js';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * Screenshots for docs/console.md, taken by this test on every run. They replace the committed ones in
 * docs/console only with UPDATE_SCREENSHOTS=1 (`UPDATE_SCREENSHOTS=1 npx vitest run test/console-browser.test.ts`),
 * so that a test run leaves the working tree clean (each run has fresh key ids and dates).
 */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(import.meta.dirname, '..', 'docs', 'console')
  : mkdtempSync(join(tmpdir(), 'bgw-console-shots-'));
const BROWSER_TIMEOUT = 60_000;

let stack: TestStack;
let consoleDirectory: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let adminKey: string;
/** Problems the page reported: console errors, uncaught exceptions, CSP violations. */
const consoleErrors: string[] = [];
const pageErrors: string[] = [];

/** The key the test creates in the console, as the console showed it once. */
let created: { keyId: string; key: string };

beforeAll(async () => {
  consoleDirectory = mkdtempSync(join(tmpdir(), 'bgw-console-test-'));
  await buildConsole(consoleDirectory);
  // No key cache: edits and revocations made in the console apply to the next request at once.
  stack = await startStack({ config: { auth: { cacheTtlMs: 0 } }, consoleDirectory });
  adminKey = (
    await stack.gateway.tenancy!.keyStore.create({ name: 'console admin', models: [], role: 'admin' })
  ).key;
  browser = await launchChromium({});
  context = browser.context;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
  // Runs before the page's own scripts (injected by the browser, not subject to the page's CSP).
  await context.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, BROWSER_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(consoleDirectory, { recursive: true, force: true });
  if (!process.env.UPDATE_SCREENSHOTS) rmSync(SCREENSHOTS, { recursive: true, force: true });
});

/** Inputs of the current page that no <label> names (every input must have one). */
function countUnlabelledInputs(): Promise<number> {
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll('input, select, textarea')).filter(
        (input) => ((input as HTMLInputElement).labels?.length ?? 0) === 0,
      ).length,
  );
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

async function go(route: string, heading: string) {
  await page.getByRole('link', { name: route }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function sendInPlayground(apiKey: string, message: string) {
  await go('Playground', 'Playground');
  await page.getByLabel('Model').selectOption('claude-haiku');
  await page.getByLabel('API key (not the admin key)').fill(apiKey);
  await page.getByLabel('Max tokens').fill('64');
  await page.getByLabel('Message', { exact: true }).fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('the web console in Chromium', () => {
  it('serves the console with a strict CSP and signs in with an admin key', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Act
    const answer = await page.goto(`${stack.url}/console`);
    await page.getByLabel('Admin key').waitFor();
    await shot('sign-in');
    const unlabelledAtSignIn = await countUnlabelledInputs();
    await page.getByLabel('Admin key').fill(stack.key!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = await page.getByRole('alert').textContent();
    await page.getByLabel('Admin key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Keys' }).waitFor();

    // Assess: an API key is refused as the API refuses it; the admin key is kept in memory only
    expect(answer?.headers()['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    expect(refused).toContain('403 admin_role_required');
    expect(unlabelledAtSignIn).toBe(0);
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookies: document.cookie,
    }));
    expect(stored).toEqual({ local: 0, session: 0, cookies: '' });
  });

  it('creates a key, shows it once with a copy button, and lists it', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Act
    await page.getByLabel('Name', { exact: true }).fill('playground app');
    await page.getByLabel('Models (aliases, comma-separated, or *)').first().fill('*');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByLabel('Secret key');
    await secret.waitFor();
    const key = await secret.inputValue();
    const heading = await page.getByRole('heading', { name: /^Key key_[0-9a-f]{12} created$/ }).textContent();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    await page.getByRole('button', { name: 'Done, hide the key' }).click();
    const keyId = heading!.split(' ')[1]!;
    const row = page.locator(`tr[data-key-id="${keyId}"]`);
    await row.waitFor();

    // Assess: shown once (gone from the page after Done), listed without it
    expect(key).toMatch(/^bgw_[A-Za-z0-9_-]{43}$/);
    expect(clipboard).toBe(key);
    expect(await page.content()).not.toContain(key);
    expect(await row.textContent()).toContain('playground app');
    created = { keyId, key };
    await shot('keys');
  });

  it('edits the key’s limits', { timeout: BROWSER_TIMEOUT }, async () => {
    // Act
    const row = page.locator(`tr[data-key-id="${created.keyId}"]`);
    await row.getByRole('button', { name: 'Edit playground app' }).click();
    await page.locator('#edit-key-dailyTokens').fill('50000');
    await page.locator('#edit-key-monthlyBudgetUsd').fill('5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Saved ${created.keyId}.`).waitFor();

    // Assess: the table and the store agree
    expect(await row.locator('.limits-cell').textContent()).toBe('day 50000, $5/month');
    const stored = await stack.gateway.tenancy!.keyStore.getById(created.keyId);
    expect(stored?.limits).toEqual({ dailyTokens: 50_000, monthlyBudgetUsd: 5 });
  });

  it('streams a playground answer token by token with that key, and shows its tokens and cost', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Prepare: the usage page before the request, to see it change
    await go('Usage', 'Usage, ' + new Date().toISOString().slice(0, 7) + ' (UTC)');
    const before = await page.locator(`tr[data-usage-key="${created.keyId}"] td`).first().textContent();

    // Act: 12 tokens, 150 ms apart (emulator directives)
    await sendInPlayground(created.key, '[[emulator:tokens=12]] [[emulator:delay_ms=150]] Tell me a story.');
    const answer = page.locator('li[data-turn="assistant"] .turn-text').last();
    // Record every length the answer's text takes while it streams
    await answer.evaluate((element) => {
      const lengths: number[] = [];
      (window as unknown as { __lengths: number[] }).__lengths = lengths;
      new MutationObserver(() => lengths.push(element.textContent?.length ?? 0)).observe(element, {
        characterData: true,
        childList: true,
        subtree: true,
      });
    });
    const usageLine = page.locator('li[data-turn="assistant"] [data-usage]').last();
    await usageLine.waitFor();
    const lengths = await page.evaluate(() => (window as unknown as { __lengths: number[] }).__lengths);
    const text = await answer.textContent();
    const usage = (await usageLine.textContent())!;
    await shot('playground');
    const unlabelled = await countUnlabelledInputs();

    // Assess: several growing renders before the end, then the counts
    expect(before).toBe('0');
    const distinct = [...new Set(lengths.filter((length) => length > 0))];
    expect(distinct.length).toBeGreaterThanOrEqual(4);
    expect(distinct).toEqual([...distinct].sort((a, b) => a - b));
    expect(distinct.at(-1)).toBe(text!.length);
    expect(unlabelled).toBe(0);
    expect(usage).toMatch(/^\d+ tokens in, 12 out, about \$\d+\.\d+$/);
    const [input, output] = usage.match(/\d+/g)!.map(Number);
    playgroundTokens = input! + output!;
  });

  it('shows the request’s tokens on the usage page: chart, totals and budget bars', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Act: the settlement is written just after the answer; refresh until the page has it
    await go('Usage', `Usage, ${new Date().toISOString().slice(0, 7)} (UTC)`);
    const today = new Date().toISOString().slice(0, 10);
    const keyCell = page.locator(`tr[data-usage-key="${created.keyId}"] td`).nth(1);
    for (let attempt = 0; attempt < 50 && (await keyCell.textContent()) === '0'; attempt++) {
      const refreshed = page.waitForResponse((answer) => answer.url().endsWith('/admin/v1/usage'));
      await page.getByRole('button', { name: 'Refresh' }).click();
      await refreshed;
    }
    const chartRow = page.locator('[data-chart-table="tokens-per-key"] tbody tr', { hasText: today });
    await chartRow.waitFor();
    const header = await page.locator('[data-chart-table="tokens-per-key"] thead th').allTextContents();
    const cells = await chartRow.locator('td').allTextContents();
    const keyRow = page.locator(`tr[data-usage-key="${created.keyId}"]`);
    const budget = await keyRow.locator('.budget').allTextContents();
    const canvases = await page.locator('[data-chart="tokens-per-key"] canvas').count();
    const model = await page.locator('tr[data-usage-model="claude-haiku"] td').first().textContent();
    await shot('usage');

    // Assess: the key's series has the playground's tokens today
    const column = header.indexOf('playground app') - 1;
    expect(column).toBeGreaterThanOrEqual(0);
    expect(Number(cells[column]!.replace(/,/g, ''))).toBe(playgroundTokens);
    expect(canvases).toBe(1);
    expect(budget[0]).toContain(`Today's tokens: ${playgroundTokens.toLocaleString('en-US')} of 50,000`);
    expect(budget[1]).toMatch(/^Month's budget: \$0\.\d+ of \$5\.00/);
    expect(Number(model)).toBeGreaterThanOrEqual(1);
  });

  it('renders a model answer containing <script> as text, never as HTML', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Act: the emulator echoes the prompt back
    const markup = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold</b>';
    await sendInPlayground(created.key, `[[emulator:echo]] ${markup}`);
    const answer = page.locator('li[data-turn="assistant"] .turn-text').last();
    await page.locator('li[data-turn="assistant"] [data-usage]').last().waitFor();

    // Assess
    expect(await answer.textContent()).toContain(markup);
    expect(await page.locator('.transcript script, .transcript img, .transcript b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('revokes the key, and the playground shows the API’s refusal as it returns it', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Act
    await go('Keys', 'Keys');
    const row = page.locator(`tr[data-key-id="${created.keyId}"]`);
    await row.getByRole('button', { name: 'Revoke playground app' }).click();
    await row.getByRole('button', { name: 'Confirm revoke playground app' }).click();
    await row.locator('.badge-revoked').waitFor();
    await sendInPlayground(created.key, 'Still there?');
    const error = await page.locator('li[data-turn="assistant"] [role="alert"]').last().textContent();

    // Assess
    expect(error).toContain('403 key_revoked');
    expect(error).toContain(`API key ${created.keyId} has been revoked.`);
  });

  it('lists the models with lifecycle badges and capability columns', {
    timeout: BROWSER_TIMEOUT,
  }, async () => {
    // Act
    await go('Models', 'Models');
    const haiku = page.locator('tr[data-model="claude-haiku"]');
    await haiku.waitFor();
    const headers = await page.locator('.models-table thead th').allTextContents();
    const states = await page.locator('.models-table .badge').allTextContents();
    await shot('models');

    // Assess
    expect(headers).toEqual(
      expect.arrayContaining(['Lifecycle', 'Vision', 'Tools', 'Reasoning', 'Cache points']),
    );
    expect(new Set(states)).toEqual(new Set(['active', 'legacy', 'eol']));
    expect(await haiku.locator('.badge').textContent()).toBe('active');
  });

  it('fits a phone screen and is usable from the keyboard', { timeout: BROWSER_TIMEOUT }, async () => {
    // Act: phone width
    await page.setViewportSize({ width: 390, height: 844 });
    await go('Keys', 'Keys');
    // Once the layout has settled at the new width, nothing is wider than the screen (tables scroll inside
    // their own box)
    const fits = await page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, {
        timeout: 5_000,
      })
      .then(() => true)
      .catch(() => false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const unlabelled = await countUnlabelledInputs();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('keys-phone');
    // Keyboard: the skip link is the first stop; Tab walks the nav, Enter follows a link
    await page.setViewportSize({ width: 1280, height: 800 });
    const first = await page.evaluate(
      () => document.querySelector<HTMLElement>('a[href], button, input, select, textarea')?.textContent,
    );
    await page.focus('.skip-link');
    const stops: string[] = [];
    for (let press = 0; press < 2; press++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.textContent ?? ''));
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Usage/ }).waitFor();

    // Assess: nothing wider than the screen but scrollable tables; every input labelled
    expect({ fits, overflow }).toEqual({ fits: true, overflow: 0 });
    expect(first).toBe('Skip to content');
    expect(stops).toEqual(['Keys', 'Usage']);
    expect(unlabelled).toBe(0);
  });

  it('logged no console errors and no CSP violations on any page', async () => {
    const violations = await page.evaluate(
      () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
    );
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The refused sign-in with an API key is a 403 the browser reports as a failed resource load.
    expect(consoleErrors.filter((text) => !text.includes('status of 403'))).toEqual([]);
  });
});

let playgroundTokens = 0;
