/**
 * The 100 x 100 event (10,000 seats) in headless Chromium, against the real server: how long the
 * first render takes (navigation start -> all 10,000 seat buttons in the DOM) and how much
 * scripting applying a poll with changes costs (CDP Performance metrics over a window holding one
 * poll, as apps/web/perf/measure-grid.mjs does). The figures are printed; the bounds asserted are
 * loose (render < 3 s, poll < 300 ms of scripting) so that a busy CI machine does not flap.
 */
import { randomUUID } from 'node:crypto';
import type { CDPSession, Page } from 'playwright-core';
import { Client } from '../support/client';
import { browserSuite } from './support/browser';

const RENDER_RUNS = 3;
const POLL_RUNS = 3;
const CHANGES = 50;
const ROWS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `A${c}`),
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `B${c}`),
  ...'ABCDEFGHIJKLMNOPQRSTUV'.split('').map((c) => `C${c}`),
];

declare global {
  interface Window {
    __gridRenderedAt?: number;
    __mutations?: number[];
  }
}

type Metrics = Record<string, number>;
const metricsOf = async (cdp: CDPSession): Promise<Metrics> =>
  Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const ms = (after: Metrics, before: Metrics, ...names: string[]) => names.reduce((sum, name) => sum + (after[name] - (before[name] ?? 0)) * 1000, 0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figure = (values: number[]) =>
  `min ${Math.min(...values).toFixed(0).padStart(5)} ms, median ${median(values).toFixed(0).padStart(5)} ms, max ${Math.max(...values).toFixed(0).padStart(5)} ms`;

/** Waits until a /seats/ poll answered with `status` has arrived after `since` (performance.now()), and the DOM has then been quiet for 300 ms; returns response end -> last DOM change. */
async function pollApplied(page: Page, since: number, status: 200 | 304): Promise<number> {
  const handle = await page.waitForFunction(
    ({ since, status }) => {
      const polls = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/seats/') && e.startTime >= since && (e as PerformanceResourceTiming).responseStatus === status);
      if (polls.length === 0) return false;
      const arrived = (polls[0] as PerformanceResourceTiming).responseEnd;
      const last = (window.__mutations ?? []).filter((t) => t >= arrived).pop();
      const quietSince = last ?? arrived;
      return performance.now() - quietSince > 300 ? { responseToDom: last === undefined ? 0 : last - arrived } : false;
    },
    { since, status },
    { polling: 100, timeout: 20_000 },
  );
  return ((await handle.jsonValue()) as { responseToDom: number }).responseToDom;
}

describe('the 100 x 100 event', () => {
  const suite = browserSuite({ MAX_SEATS_PER_USER: '1000', LOCK_RATE_PER_SECOND: '1000000', LOCK_RATE_PER_MINUTE: '1000000' });

  it('renders 10,000 seats and applies a poll with changes within loose bounds (figures printed)', async () => {
    const admin = await new Client(suite.app.url).login('admin', 'admin123');
    const created = await admin.post('/api/admin/events/', {
      name: 'Big Hall',
      venue: 'Arena',
      startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      currency: 'EUR',
      rows: ROWS.map((label) => ({ label, seats: 100, price: '50.00' })),
    });
    expect(created.status).toBe(201);
    const eventId = created.body.event.id as string;
    expect(created.body.event.seatCount).toBe(10_000);

    const alice = await suite.as('alice');
    await alice.page.close();
    // In every page of alice's context: note when the map holds its 10,000th button (checked each frame).
    await alice.context.addInitScript(() => {
      let buttons: HTMLCollectionOf<HTMLButtonElement> | null = null;
      const frame = () => {
        buttons ??= document.querySelector('.map')?.getElementsByTagName('button') ?? null;
        if (buttons !== null && buttons.length >= 10_000) {
          window.__gridRenderedAt = performance.now();
        } else {
          requestAnimationFrame(frame);
        }
      };
      requestAnimationFrame(frame);
    });

    // First render, each in a fresh page (CDP metrics then count that page's work only).
    const renders: { navigationToGrid: number; navigationToSeatsRequest: number; seatsRequest: number; seatsToGrid: number; scripting: number; styleAndLayout: number }[] = [];
    let page: Page | undefined;
    let cdp: CDPSession | undefined;
    for (let run = 0; run < RENDER_RUNS; run++) {
      await page?.close();
      page = await alice.context.newPage();
      cdp = await alice.context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`${suite.app.url}/events/${eventId}`);
      await page.waitForFunction(() => window.__gridRenderedAt !== undefined, null, { timeout: 60_000, polling: 100 });
      const after = await metricsOf(cdp);
      const timing = await page.evaluate(() => {
        const seats = performance.getEntriesByType('resource').find((e) => e.name.includes('/seats/')) as PerformanceResourceTiming | undefined;
        return { rendered: window.__gridRenderedAt!, seatsAsked: seats?.startTime ?? NaN, seatsArrived: seats?.responseEnd ?? NaN };
      });
      renders.push({
        navigationToGrid: timing.rendered,
        navigationToSeatsRequest: timing.seatsAsked,
        seatsRequest: timing.seatsArrived - timing.seatsAsked,
        seatsToGrid: timing.rendered - timing.seatsArrived,
        scripting: ms(after, {}, 'ScriptDuration'),
        styleAndLayout: ms(after, {}, 'RecalcStyleDuration', 'LayoutDuration'),
      });
    }
    page = page!;
    cdp = cdp!;
    expect(await page.locator('.map button').count()).toBe(10_000);
    expect(await page.locator('.map button').last().getAttribute('aria-label')).toBe('Row CV, seat 100, available, 50.00 EUR');

    // Polls. Bob holds CHANGES seats (amber on alice's map), then reserves them in one request:
    // one atomic change of CHANGES seats, which alice's next poll carries. The window measured runs
    // from just after a poll (304) to the DOM settling after the next one (200, the change).
    // Alternately, a window with a 304 only, the baseline (the poll itself, the ticker, the waiting).
    await page.evaluate(() => {
      const mutations: number[] = (window.__mutations = []);
      new MutationObserver(() => mutations.push(performance.now())).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const bob = await new Client(suite.app.url).login('bob', 'bob123');
    const free = ROWS.flatMap((row) => Array.from({ length: 100 }, (_, i) => `${row}${i + 1}`)).sort(() => Math.random() - 0.5);
    const changed: { scripting: number; styleAndLayout: number; responseToDom: number }[] = [];
    const unchanged: { scripting: number; styleAndLayout: number }[] = [];
    for (let run = 0; run < POLL_RUNS; run++) {
      const seats = free.splice(0, CHANGES);
      for (const id of seats) {
        const locked = await bob.post(`/api/events/${eventId}/seats/${id}/lock/`);
        if (locked.status !== 200) throw new Error(`bob could not lock ${id}: ${locked.status} ${locked.text}`);
      }
      // Let those locks reach alice's map (outside the window), then wait for a 304 to start after.
      let since = await page.evaluate(() => performance.now());
      await pollApplied(page, since, 200);
      since = await page.evaluate(() => performance.now());
      await pollApplied(page, since, 304);

      // Baseline: a window with one 304 poll.
      let before = await metricsOf(cdp);
      since = await page.evaluate(() => performance.now());
      await pollApplied(page, since, 304);
      let after = await metricsOf(cdp);
      unchanged.push({ scripting: ms(after, before, 'ScriptDuration'), styleAndLayout: ms(after, before, 'RecalcStyleDuration', 'LayoutDuration') });

      // The change: bob reserves his CHANGES seats at once; alice's next poll applies it.
      before = await metricsOf(cdp);
      since = await page.evaluate(() => performance.now());
      const reserved = await bob.post(`/api/events/${eventId}/reserve/`, { seatIds: seats }, { 'Idempotency-Key': randomUUID() });
      expect(reserved.status).toBe(201);
      const responseToDom = await pollApplied(page, since, 200);
      after = await metricsOf(cdp);
      changed.push({ scripting: ms(after, before, 'ScriptDuration'), styleAndLayout: ms(after, before, 'RecalcStyleDuration', 'LayoutDuration'), responseToDom });
      const [first] = seats;
      const label = await page.locator(`.map button[aria-label^="Row ${first.replace(/\d+$/, '')}, seat ${first.replace(/^[A-Z]+/, '')}, "]`).getAttribute('aria-label');
      expect(label).toContain(', reserved, ');
    }
    expect(await page.locator('.map button.seat--reserved').count()).toBe(POLL_RUNS * CHANGES);

    const rows: [string, number[]][] = [
      ['render: navigation start -> 10,000 seat buttons', renders.map((r) => r.navigationToGrid)],
      ['render: navigation start -> seats requested', renders.map((r) => r.navigationToSeatsRequest)],
      ['render: seats request -> response (10,000 seats)', renders.map((r) => r.seatsRequest)],
      ['render: seats response -> 10,000 seat buttons', renders.map((r) => r.seatsToGrid)],
      ['render: scripting (whole page load)', renders.map((r) => r.scripting)],
      ['render: style + layout', renders.map((r) => r.styleAndLayout)],
      [`poll with ${CHANGES} changes: scripting`, changed.map((r) => r.scripting)],
      [`poll with ${CHANGES} changes: style + layout`, changed.map((r) => r.styleAndLayout)],
      [`poll with ${CHANGES} changes: response -> DOM updated`, changed.map((r) => r.responseToDom)],
      ['poll answered 304: scripting (baseline)', unchanged.map((r) => r.scripting)],
      ['poll answered 304: style + layout (baseline)', unchanged.map((r) => r.styleAndLayout)],
    ];
    const lines = [
      `10,000-seat event in headless Chromium, ${RENDER_RUNS} renders and ${POLL_RUNS} polls with ${CHANGES} changed seats:`,
      ...rows.map(([name, values]) => `  ${name.padEnd(52)} ${figure(values)}`),
    ];
    console.log(lines.join('\n'));

    // Loose bounds (the targets are 1 s and 100 ms; these catch a regression, not noise).
    // On the best of the runs: a machine busy with other work only ever adds time, so the fastest
    // run is the app's own cost; a regression raises it as well.
    expect(Math.min(...renders.map((r) => r.navigationToGrid))).toBeLessThan(3_000);
    expect(Math.min(...changed.map((r) => r.scripting))).toBeLessThan(300);
  });
});
