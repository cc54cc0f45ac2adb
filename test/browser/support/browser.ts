/**
 * The browser end-to-end suite's tools: Debian's Chromium through playwright-core, the real built
 * server on a temp data dir, one browser context per person, logging in through the UI, seat and
 * message lookups that wait on the DOM, console and CSP watching, and screenshots.
 *
 * Playwright's test runner (and its auto-waiting `expect`) is not installed: waiting is done with
 * Playwright's own `locator.waitFor` / `page.waitForFunction`, which poll the DOM until a timeout.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Locator, type Page } from 'playwright-core';
import { SERVER_MAIN, spawnServer, type ServerProcess } from '../../support/process';

export const ROOT = join(__dirname, '..', '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const WEB_INDEX = join(ROOT, 'apps', 'web', 'dist', 'browser', 'index.html');

/** Debian's chromium (`apt-get install -y chromium`; `.ci/run` installs it), or CHROMIUM=/path. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The launch flags of docs/environment.md. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const PASSWORDS = { alice: 'alice123', bob: 'bob123', admin: 'admin123', auditor: 'auditor123' } as const;
export type DemoUser = keyof typeof PASSWORDS;

export const DEMO_EVENT = 'Concert XYZ';

/** Fails (never skips) when there is no browser: a missing Chromium must not read as a pass. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing: ${CHROMIUM} does not exist. The browser end-to-end suite needs Debian's chromium ` +
        `("apt-get install -y chromium"; .ci/run installs it), or CHROMIUM=/path/to/chromium.`,
    );
  }
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} did not start: ${(error as Error).message}`);
  }
}

export interface App {
  url: string;
  server: ServerProcess;
  stop(): Promise<void>;
}

/** The built server (dist/) serving the built web app, on a fresh temp data dir with the demo data. */
export async function startApp(env: Record<string, string> = {}): Promise<App> {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: build the web app first ("cd apps/web && npx ng build"; npm test does)`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-browser-'));
  let server: ServerProcess;
  try {
    await builtServerSettled();
    server = await spawnServer({ DATA_DIR: dataDir, DEMO_DATA: 'true', ...env }, 60_000).catch(async (error: Error) => {
      // dist/ rebuilt under our feet (a module missing mid-build): once more, after the build settles.
      if (!/Cannot find module|is missing/.test(error.message)) throw error;
      await builtServerSettled();
      return spawnServer({ DATA_DIR: dataDir, DEMO_DATA: 'true', ...env }, 60_000);
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: server.url,
    server,
    async stop() {
      await server.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A `nest build` under way (it empties dist/ first) is waited out, up to a minute, rather than
 * failing at once: on a machine where other runs build the same checkout. Then spawnServer says
 * plainly if dist/ is still missing. (On CI nothing rebuilds during the suite: this never waits.)
 */
async function builtServerSettled(): Promise<void> {
  const deadline = Date.now() + 60_000;
  const settled = () => existsSync(SERVER_MAIN) && Date.now() - statSync(SERVER_MAIN).mtimeMs > 3_000;
  while (!settled() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * What a page reports that a person never should see: console errors, uncaught exceptions, and
 * Content Security Policy violations (Chromium's own "Refused to ... Content Security Policy"
 * messages, and `securitypolicyviolation` events, logged by an init script that CSP does not govern).
 * A 401 (not logged in) or 409 (seat taken) answer is logged by Chromium as a failed resource: expected.
 */
export class Problems {
  readonly errors: string[] = [];
  readonly csp: string[] = [];
  /** The expected ones (401, 409), kept to show that the watcher does hear resource errors. */
  readonly expected: string[] = [];

  static readonly EXPECTED = /^Failed to load resource: the server responded with a status of (401|409)\b/;

  async watch(context: BrowserContext): Promise<void> {
    context.on('console', (message: ConsoleMessage) => this.onConsole(message));
    context.on('weberror', (error) => this.errors.push(`uncaught: ${error.error().stack ?? error.error().message}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
      });
    });
  }

  private onConsole(message: ConsoleMessage): void {
    const text = message.text();
    const where = message.location().url ? ` (${message.location().url})` : '';
    if (/Content Security Policy/i.test(text)) {
      this.csp.push(text + where);
    } else if (message.type() === 'error') {
      (Problems.EXPECTED.test(text) ? this.expected : this.errors).push(text + where);
    }
  }

  /** Throws when anything unexpected was reported. */
  assertNone(who: string): void {
    const lines = [...this.csp.map((text) => `CSP violation: ${text}`), ...this.errors.map((text) => `console error: ${text}`)];
    if (lines.length > 0) {
      throw new Error(`${who}'s browser reported:\n  ${lines.join('\n  ')}`);
    }
  }
}

export interface Person {
  name: string;
  context: BrowserContext;
  page: Page;
  problems: Problems;
}

export interface PersonOptions {
  viewport?: { width: number; height: number };
}

/** A browser context of its own (its own cookies), watched for problems, with one page. */
export async function newPerson(browser: Browser, name: string, options: PersonOptions = {}): Promise<Person> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const problems = new Problems();
  await problems.watch(context);
  const page = await context.newPage();
  return { name, context, page, problems };
}

/** Logs in through the UI: the login page, its labelled fields and button, then the header. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('button', { name: 'Log out', exact: true }).waitFor();
  await page.getByTitle(`Logged in as ${username}`).waitFor();
}

/** From the event list, by the event's name (a link), to its seat map; waits for the seats. */
export async function openEvent(page: Page, baseUrl: string, name = DEMO_EVENT): Promise<void> {
  await page.goto(`${baseUrl}/events`);
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  await page.locator('.map button').first().waitFor();
}

function parseSeat(id: string): { row: string; number: string } {
  const match = /^([A-Z]+)(\d+)$/.exec(id);
  if (!match) throw new Error(`not a seat label: ${id}`);
  return { row: match[1], number: match[2] };
}

/** The seat's button on the map, by the start of its aria-label ("Row A, seat 1, "). */
export function seat(page: Page, id: string): Locator {
  const { row, number } = parseSeat(id);
  return page.locator(`.map button[aria-label^="Row ${row}, seat ${number}, "]`);
}

/**
 * Waits (polling the DOM) until the seat's aria-label reads `Row A, seat 1, <state>, <price>`;
 * on timeout, says what it read instead.
 */
export async function waitForSeat(page: Page, id: string, state: string, timeoutMs = 10_000): Promise<void> {
  const { row, number } = parseSeat(id);
  const wanted = page.locator(`.map button[aria-label^="Row ${row}, seat ${number}, ${state}, "]`);
  try {
    await wanted.waitFor({ state: 'attached', timeout: timeoutMs });
  } catch {
    const actual = await seat(page, id)
      .getAttribute('aria-label', { timeout: 1_000 })
      .catch(() => null);
    throw new Error(`${id} should read "${state}" within ${timeoutMs} ms; its aria-label is ${JSON.stringify(actual)}`);
  }
}

export async function seatLabel(page: Page, id: string): Promise<string | null> {
  return seat(page, id).getAttribute('aria-label');
}

/** Waits for a message with that text in an element of that role (errors: alert; success: status). */
export async function waitForMessage(page: Page, role: 'alert' | 'status', text: string, timeoutMs = 10_000): Promise<Locator> {
  const message = page.getByRole(role).filter({ hasText: text });
  try {
    await message.waitFor({ timeout: timeoutMs });
  } catch {
    const shown = await page.getByRole(role).allInnerTexts();
    throw new Error(`no role=${role} message "${text}" within ${timeoutMs} ms; role=${role} reads ${JSON.stringify(shown)}`);
  }
  return message;
}

/**
 * Saves a PNG under test-output/screenshots/ and returns its path: an element, or a page (the
 * viewport, the full page, or from its top down to the bottom of `until`).
 */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean; until?: Locator } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if ('goto' in target) {
    const box = options.until ? await options.until.boundingBox() : null;
    const width = target.viewportSize()?.width ?? 1280;
    const clip = box ? { x: 0, y: 0, width, height: Math.ceil(box.y + box.height + 16) } : undefined;
    await target.screenshot({ path, fullPage: options.fullPage ?? false, clip, animations: 'disabled' });
  } else {
    await target.screenshot({ path, animations: 'disabled' });
  }
  return path;
}

export interface Suite {
  readonly browser: Browser;
  /** This test's own server. */
  readonly app: App;
  /** A demo user logged in through the UI in a context of their own. */
  as(username: DemoUser, options?: PersonOptions): Promise<Person>;
  /** Someone not logged in, in a context of their own. */
  visitor(name: string, options?: PersonOptions): Promise<Person>;
  /** Asserts that nobody's browser reported a console error or a CSP violation so far. */
  assertNoProblems(): void;
}

/**
 * Wires a spec file: one Chromium for the file, and for each test its own server (started with
 * `env`) and its own browser contexts. After each test: contexts closed, server stopped, and the
 * test fails if any page logged an unexpected console error or a CSP violation.
 */
export function browserSuite(env: Record<string, string> = {}): Suite {
  let browser: Browser | undefined;
  let app: App | undefined;
  let people: Person[] = [];
  const assertNoProblems = () => people.forEach((person) => person.problems.assertNone(person.name));

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    if (!browser) throw new Error('no browser (see the error of beforeAll)');
    app = await startApp(env);
  });
  afterEach(async () => {
    const checked = people;
    people = [];
    for (const person of checked) {
      await person.context.close().catch(() => undefined);
    }
    await app?.stop();
    app = undefined;
    checked.forEach((person) => person.problems.assertNone(person.name));
  });

  return {
    get browser() {
      if (!browser) throw new Error('no browser');
      return browser;
    },
    get app() {
      if (!app) throw new Error('no server');
      return app;
    },
    async as(username, options) {
      const person = await newPerson(this.browser, username, options);
      people.push(person);
      await logIn(person.page, this.app.url, username, PASSWORDS[username]);
      return person;
    },
    async visitor(name, options) {
      const person = await newPerson(this.browser, name, options);
      people.push(person);
      return person;
    },
    assertNoProblems,
  };
}
