// Measures the 100 x 100 seat map in headless Chromium: how long the first render takes, and how
// much scripting a poll that changes seats costs.
//
//   cd apps/web && timeout 600 npx ng build && node perf/measure-grid.mjs
//     against the in-memory mock API (mock-api.mjs), started and stopped here;
//   BASE=http://127.0.0.1:3000 EVENT="Big Hall" node perf/measure-grid.mjs
//     against a running server that has a 100 x 100 event of that name and users alice and bob
//     (start it with MAX_SEATS_PER_USER=1000 so that bob may hold the seats that make the changes).
//
// Needs Debian's chromium (/usr/bin/chromium) and playwright-core from the repository root.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../package.json', import.meta.url));
const { chromium, request } = require('playwright-core');
const RUNS = 5;
const EVENT = process.env.EVENT ?? 'Big Hall';
const CHANGES = 50;

let server;
let BASE = process.env.BASE;
if (!BASE) {
  server = spawn(process.execPath, [fileURLToPath(new URL('./mock-api.mjs', import.meta.url))], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  BASE = await new Promise((resolve) => server.stdout.once('data', (line) => resolve(/http:\/\/\S+/.exec(String(line))[0])));
}

/** Bob, through the API: locks or releases CHANGES random seats, which alice's next poll shows. */
async function bobChanges(seatsPath) {
  const bob = await request.newContext({ baseURL: BASE });
  await bob.get('/api/csrf/');
  const token = async () => (await bob.storageState()).cookies.find((c) => c.name === 'XSRF-TOKEN')?.value;
  await bob.post('/api/login/', { data: { username: 'bob', password: 'bob123' }, headers: { 'X-XSRF-TOKEN': await token() } });
  return async () => {
    if (seatsPath === null) {
      await bob.post(`/__mock/others?event=big&n=${CHANGES}`);
      return;
    }
    const { seats } = await (await bob.get(seatsPath)).json();
    const headers = { 'X-XSRF-TOKEN': await token() };
    for (let i = 0; i < CHANGES; i++) {
      const seat = seats[Math.floor(Math.random() * seats.length)];
      const action = seat.status === 'locked' && seat.mine ? 'unlock' : seat.status === 'available' ? 'lock' : null;
      if (action) await bob.post(`${seatsPath}${seat.id}/${action}/`, { headers });
    }
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const login = await context.newPage();
  await login.goto(`${BASE}/login`);
  await login.getByLabel('Username').fill('alice');
  await login.getByLabel('Password').fill('alice123');
  await login.getByRole('button', { name: 'Log in' }).click();
  await login.getByRole('button', { name: 'Log out' }).waitFor();
  await login.goto(`${BASE}/events`);
  const eventPath = await login.getByRole('link', { name: EVENT, exact: true }).getAttribute('href');
  await login.close();
  const change = await bobChanges(process.env.BASE ? `/api${eventPath}/seats/` : null);

  // Records when the 10,000th seat button is in the DOM (checked once per frame).
  await context.addInitScript(() => {
    const buttons = document.getElementsByTagName('button');
    const frame = () => {
      if (buttons.length >= 10000) {
        window.__gridRenderedAt = performance.now();
      } else {
        requestAnimationFrame(frame);
      }
    };
    requestAnimationFrame(frame);
  });
  const metricsOf = async (cdp) => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const seatsRequests = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/seats/')).length);

  // First render, each time in a fresh page of the same logged-in context: the CDP metrics then
  // count this page's work only (scripting and style + layout from the blank page to the grid).
  const renders = [];
  let page;
  let cdp;
  for (let run = 0; run < RUNS; run++) {
    await page?.close();
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${BASE}${eventPath}`);
    await page.waitForFunction(() => window.__gridRenderedAt !== undefined, null, { timeout: 30000, polling: 50 });
    const after = await metricsOf(cdp);
    const timing = await page.evaluate(() => {
      const seats = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/seats/'));
      return { rendered: window.__gridRenderedAt, seatsArrived: seats[0]?.responseEnd ?? NaN };
    });
    renders.push({
      navigationToGrid: timing.rendered,
      seatsToGrid: timing.rendered - timing.seatsArrived,
      scripting: after.ScriptDuration * 1000,
      styleAndLayout: (after.RecalcStyleDuration + after.LayoutDuration) * 1000,
    });
  }

  // Polls: a 3.2 s window holding exactly one poll, alternately with a change (bob locks or
  // releases CHANGES seats) and without (304). Nothing else runs in the page meanwhile but the
  // countdown ticker, so the difference between the two is what applying the change costs.
  // From here on, every DOM mutation is timed (not during the first render: observing it would slow it).
  await page.evaluate(() => {
    window.__mutations = [];
    new MutationObserver(() => window.__mutations.push(performance.now())).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const polls = { changed: [], unchanged: [] };
  for (let run = 0; run < RUNS * 2; run++) {
    const changed = run % 2 === 0;
    const count = await seatsRequests();
    await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/seats/')).length > n, count, { timeout: 10000, polling: 100 });
    await page.evaluate(() => (window.__mutations = []));
    const before = await metricsOf(cdp);
    if (changed) {
      await change();
    }
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const after = await metricsOf(cdp);
    const wall = await page.evaluate(() => {
      const seats = performance.getEntriesByType('resource').filter((e) => e.name.includes('/seats/'));
      const arrived = seats[seats.length - 1].responseEnd;
      const last = window.__mutations.filter((t) => t >= arrived).pop();
      return last === undefined ? 0 : last - arrived;
    });
    (changed ? polls.changed : polls.unchanged).push({
      scripting: (after.ScriptDuration - before.ScriptDuration) * 1000,
      styleAndLayout: (after.RecalcStyleDuration - before.RecalcStyleDuration + after.LayoutDuration - before.LayoutDuration) * 1000,
      responseToDom: wall,
    });
  }
  const amber = await page.locator('button.seat--other').count();

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const show = (label, rows, key) =>
    console.log(`${label.padEnd(50)} median ${median(rows.map((r) => r[key])).toFixed(0).padStart(5)} ms   max ${Math.max(...rows.map((r) => r[key])).toFixed(0).padStart(5)} ms`);
  console.log(`${EVENT} at ${BASE}, ${RUNS} runs each (seats held by bob at the end: ${amber})`);
  show('render: navigation start -> all seats in the DOM', renders, 'navigationToGrid');
  show('render: seats response -> all seats in the DOM', renders, 'seatsToGrid');
  show('render: scripting (whole page load)', renders, 'scripting');
  show('render: style + layout', renders, 'styleAndLayout');
  show(`poll with ${CHANGES} changes: scripting`, polls.changed, 'scripting');
  show(`poll with ${CHANGES} changes: style + layout`, polls.changed, 'styleAndLayout');
  show(`poll with ${CHANGES} changes: response -> DOM updated`, polls.changed, 'responseToDom');
  show('poll answered 304: scripting', polls.unchanged, 'scripting');
  show('poll answered 304: style + layout', polls.unchanged, 'styleAndLayout');
} finally {
  await browser.close();
  server?.kill();
}
