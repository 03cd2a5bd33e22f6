import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const ROOT = resolve(__dirname, '../../..');
/** Debian's chromium (scripts/test.sh installs it when missing: infra/local/chromium.sh). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of each page, the test's artefacts (docs/screenshots holds the committed ones the README shows). */
export const SCREENSHOT_DIR = resolve(ROOT, process.env.CONSOLE_SCREENSHOT_DIR ?? '.reports/screenshots');

/** The console's static files, built unless the test command built them already (the gateway serves apps/console/dist). */
export function ensureConsoleBuilt(): void {
  if (existsSync(resolve(ROOT, 'apps/console/dist/index.html'))) return;
  execFileSync('npx', ['nx', 'run', 'console:build', '--outputStyle=static'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run bash infra/local/chromium.sh (apt-get install chromium)`);
  // CI runs as root, where Chromium's sandbox cannot start.
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** Signs the page in with `token` through the console's own form (a fresh page holds none). */
export async function signIn(page: Page, token: string): Promise<void> {
  if (await page.$('#sign-out')) await page.click('#sign-out');
  await page.waitForSelector('#token');
  await page.type('#token', token);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('nav');
}

/**
 * Clicks the element itself, not the point where it stood a moment ago: a page's sections fill in as their reads answer
 * (the live board's acknowledge button once moved from y=1277 to y=2311 within half a second of appearing, as pipeline
 * health above it filled in; the alerts now head the board), so a click at coordinates computed before that lands
 * beside the element. The fixed header (sign-in, language, navigation) is clicked where it stands.
 */
export async function press(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (element: { click(): void }) => element.click());
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`) });
}

/** The trimmed text of the first element `selector` matches, polled until `accept` takes it; fails naming the last text seen. */
export async function textWhen(page: Page, selector: string, accept: (text: string) => boolean, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    last = await textOf(page, selector).catch(() => undefined);
    if (last !== undefined && accept(last)) return last;
    await new Promise((later) => setTimeout(later, 200));
  }
  const [where, shown] = await nearestShown(page, selector);
  throw new Error(`${selector} still reads ${JSON.stringify(last)} after ${timeoutMs} ms; ${where} shows: ${shown}`);
}

/**
 * The text of the closest thing on the page the selector's leading part still matches ('#alerts tr.x .y', then
 * '#alerts tr.x', then '#alerts', then main): what a failure should show, rather than the top of a long page.
 */
async function nearestShown(page: Page, selector: string): Promise<[string, string]> {
  const parts = selector.split(/\s+/);
  const candidates = [...parts.map((_, index) => parts.slice(0, parts.length - index).join(' ')), 'main'];
  for (const candidate of candidates) {
    const text = await page.$eval(candidate, (element: PageElement) => element.innerText ?? element.textContent ?? '').catch(() => undefined);
    if (text !== undefined) return [candidate, text.slice(0, 800)];
  }
  return ['main', '(no page)'];
}

/** What the tests read of a page's elements (the tests are compiled without the DOM's types, which clash with Node's). */
interface PageElement {
  textContent: string | null;
  innerText?: string;
  getAttribute(name: string): string | null;
}

export const textOf = (page: Page, selector: string): Promise<string> => page.$eval(selector, (element: PageElement) => element.textContent?.trim() ?? '');

export const attributeOf = (page: Page, selector: string, name: string): Promise<string | null> =>
  page.$eval(selector, (element: PageElement, attribute: string) => element.getAttribute(attribute), name);

export const attributesOf = (page: Page, selector: string, name: string): Promise<(string | null)[]> =>
  page.$$eval(selector, (elements: PageElement[], attribute: string) => elements.map((element) => element.getAttribute(attribute)), name);
