// The inbox page in a real browser (Debian's headless Chromium through playwright-core) against the
// real stack: the development approver signs in, sees a risky document-verifier task appear live
// (submitted by dev-user after the page is open), opens it, is refused a forged decision link, follows
// a signed one to the task, approves with a reason and sees it complete, the decision recording the link; dev-user, who holds no approver role, sees nothing to decide but finds the task among
// their submissions. Screenshots of each page go to docs/screenshots/; page weight and time to first
// render are logged (never asserted: timing belongs in measurements, not in assertions).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildInbox, type BuiltFile } from '../../inbox/build-inbox';
import { createAuthenticator } from '../../src/auth/authenticator';
import { approvalIdOf } from '../../src/decision-links/decision-link-claims';
import { createDecisionLinks } from '../../src/decision-links/decision-link-token';
import { mintHs256Token } from '../../src/auth/mint-token';
import { sampleInconsistentInvoice, samplePdf } from '../../src/documents/samples';
import { DEV_PRINCIPALS } from '../../src/platform/dev-tokens';
import { startTestPlatform } from '../support/platform-harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.join(__dirname, '../../docs/screenshots');
const LINK_SECRET = 'inbox-browser-test-decision-link-secret-0123456789';
const SIGNING = { secret: new TextEncoder().encode('inbox-browser-test-secret-0123456789'), issuer: 'a2a-temporal', audience: 'a2a-temporal' };

let platform: Awaited<ReturnType<typeof startTestPlatform>>;
let browser: Browser;
let buildDir: string;
let built: BuiltFile[];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Never a silent skip: CI installs chromium, and a missing one must say so.
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  buildDir = await mkdtemp(path.join(os.tmpdir(), 'inbox-build-'));
  built = (await buildInbox({ outDir: buildDir })).files;
  for (const p of DEV_PRINCIPALS) tokens[p.subject] = await mintHs256Token(p, { ...SIGNING, ttlSeconds: 600 });
  const [started, launched] = await Promise.all([
    startTestPlatform({
      authenticator: createAuthenticator({ jwt: SIGNING }),
      toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
      inbox: { dir: buildDir, approvalsPollMs: 250 },
      decisionLinks: { secret: LINK_SECRET },
    }),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true }),
  ]);
  platform = started;
  browser = launched;
  await mkdir(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

/** A page whose console errors (a CSP violation, a script failure) are collected for the final check. */
async function openPage(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

async function signIn(page: Page, subject: string): Promise<void> {
  await page.goto(`${platform.baseUrl}/inbox/`);
  await page.getByRole('textbox', { name: 'Token' }).fill(tokens[subject]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Waiting for me' }).waitFor();
}

/** Markup in the file name reaches the page's heading and the report: it must show as text. */
const FILENAME = 'invoice <b>2026</b>.pdf';

async function submitRiskyInvoice(): Promise<string> {
  const file = { raw: Buffer.from(samplePdf(sampleInconsistentInvoice())).toString('base64'), mediaType: 'application/pdf', filename: FILENAME };
  const response = await fetch(`${platform.baseUrl}/agents/document-verifier/message:send`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens['dev-user']}`, 'Content-Type': 'application/json', 'A2A-Version': '1.0' },
    body: JSON.stringify({ message: { messageId: `inbox-browser-${Date.now()}`, role: 'ROLE_USER', parts: [file] }, configuration: { returnImmediately: true } }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { task: { id: string } }).task.id;
}

/** The decision link a notification would carry for this task's approval, signed with the platform's secret. */
async function decisionLinkFor(taskId: string): Promise<{ url: string; linkId: string }> {
  const response = await fetch(`${platform.baseUrl}/agents/document-verifier/tasks/${taskId}`, {
    headers: { Authorization: `Bearer ${tokens['dev-approver']}`, 'A2A-Version': '1.0' },
  });
  const body = JSON.stringify(await response.json());
  const requestedAt = /"requestedAt":"([^"]+)"/.exec(body)?.[1];
  if (!requestedAt) throw new Error(`no approval request in the task: ${body.slice(0, 500)}`);
  const linkId = `browser-link-${taskId}`;
  const claims = { linkId, agentId: 'document-verifier', taskId, approvalId: approvalIdOf(Date.parse(requestedAt)), expiresAt: Date.now() + 3_600_000, roles: ['approver'] };
  return { url: `${platform.baseUrl}/inbox/links/${createDecisionLinks({ secret: LINK_SECRET }).sign(claims)}`, linkId };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

it('the approver sees a waiting task appear live, opens it, approves with a reason and sees it complete; dev-user sees nothing to decide', async () => {
  const approver = await openPage();
  await approver.page.goto(`${platform.baseUrl}/inbox/`);
  await approver.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shot(approver.page, 'inbox-sign-in');
  await signIn(approver.page, 'dev-approver');
  await approver.page.getByText('Nothing is waiting for your decision.').waitFor();

  // Time to first render, signed in: a fresh navigation until the list is on screen.
  await approver.page.reload();
  await approver.page.locator('#waiting-count').waitFor();
  const firstRenderMs = await approver.page.evaluate(() => performance.getEntriesByName('inbox-list-visible')[0]?.startTime);
  const weight = built.reduce((sum, f) => ({ bytes: sum.bytes + f.bytes, gzip: sum.gzip + f.gzipBytes }), { bytes: 0, gzip: 0 });
  console.log(
    `inbox page weight: ${built.map((f) => `${f.name} ${f.bytes} B (${f.gzipBytes} B gzipped)`).join(', ')}; ` +
      `total ${weight.bytes} B, ${weight.gzip} B gzipped; time to first render (navigation to the list visible): ${firstRenderMs?.toFixed(0)} ms`,
  );

  // Submitted after the page is open: it can only appear through the live feed.
  const taskId = await submitRiskyInvoice();
  const link = approver.page.getByRole('link', { name: new RegExp(taskId) });
  await link.waitFor({ timeout: 45_000 });
  await expect(approver.page.locator('#waiting-count').textContent()).resolves.toMatch(/^1 waiting for your decision \(document-verifier: 1\)/);
  await shot(approver.page, 'inbox-waiting');

  // A non-approver, while the task waits (the approver's listing has caught up): nothing to decide.
  const user = await openPage({ width: 390, height: 844 });
  await signIn(user.page, 'dev-user');
  await user.page.getByText('Nothing is waiting for your decision.').waitFor();
  await expect(user.page.getByRole('link', { name: new RegExp(taskId) }).count()).resolves.toBe(0);
  await user.page.getByRole('link', { name: 'My submissions' }).click();
  await user.page.getByRole('row', { name: new RegExp(`${taskId}.*input-required`) }).waitFor();
  await shot(user.page, 'inbox-submissions-phone');

  // Opened with the keyboard, as someone without a mouse would.
  await link.focus();
  await approver.page.keyboard.press('Enter');
  await approver.page.getByRole('heading', { name: 'Decide' }).waitFor();
  await approver.page.getByText(/Risk \d/).waitFor();
  await shot(approver.page, 'inbox-task');

  // A forged link is refused with a page that says so; the signed one from a notification lands on the
  // task, and the decision sent from there goes with it (the link never decides by itself).
  const forged = await approver.page.goto(`${platform.baseUrl}/inbox/links/v1.e30.${'A'.repeat(43)}`);
  expect(forged?.status()).toBe(400);
  await approver.page.getByRole('link', { name: /inbox/i }).first().waitFor();
  const { url: linkUrl, linkId } = await decisionLinkFor(taskId);
  await approver.page.goto(linkUrl);
  await approver.page.getByRole('heading', { name: 'Decide' }).waitFor();
  expect(approver.page.url()).toContain(`#/tasks/document-verifier/${taskId}?link=`);
  await approver.page.getByRole('radio', { name: 'Approve' }).check();
  await approver.page.getByRole('textbox', { name: /^Reason/ }).fill('Totals checked against the purchase order');
  await approver.page.getByRole('button', { name: 'Send: Approve' }).click();
  await approver.page.locator('#task-state', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
  await expect(approver.page.getByRole('status').textContent()).resolves.toMatch(/The task is completed/);
  await expect(approver.page.locator('#decision-record').textContent()).resolves.toMatch(/Approve by dev-approver.*Totals checked against the purchase order/);
  await approver.page.getByRole('heading', { name: 'Report', exact: true }).waitFor();
  await shot(approver.page, 'inbox-task-completed');
  const decided = await fetch(`${platform.baseUrl}/agents/document-verifier/tasks/${taskId}`, {
    headers: { Authorization: `Bearer ${tokens['dev-approver']}`, 'A2A-Version': '1.0' },
  });
  expect(JSON.stringify(await decided.json())).toContain(linkId);
  await expect(approver.page.getByRole('heading', { level: 3, name: `Verification report: ${FILENAME}` }).count()).resolves.toBe(1);
  await expect(approver.page.locator('main b').count()).resolves.toBe(0);

  // Decided: the live list no longer offers it.
  await approver.page.getByRole('link', { name: /Waiting for me/ }).first().click();
  await approver.page.getByText('Nothing is waiting for your decision.').waitFor({ timeout: 30_000 });
  // The forged link's refusal page is the one expected failure to load.
  const errors = [...approver.errors, ...user.errors];
  errors.splice(errors.findIndex((e) => /status of 400/.test(e)), 1);
  expect(errors).toEqual([]);
}, 120_000);
