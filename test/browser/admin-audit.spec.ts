/**
 * The admin and audit pages in a real browser against the real server: an admin creates an event in
 * the row editor and finds it in the event list; an admin builds a venue layout in the form (sections,
 * rows with an aisle and wheelchair places, categories) and opens its seat map; an auditor drags the time slider across alice's
 * lock and reservation of a seat and watches the seat go from available to locked to reserved.
 */
import type { Locator, Page } from 'playwright-core';
import { Client } from '../support/client';
import { axeViolations } from './support/axe';
import { DEMO_EVENT, PASSWORDS, browserSuite, screenshot, waitForMessage, waitForSeat } from './support/browser';

/** The slider's words for an instant, as the page writes them: "25 Nov 2026, 07:42:05.123 UTC". */
function instantText(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const at = new Date(iso);
  return `${at.getUTCDate()} ${months[at.getUTCMonth()]} ${at.getUTCFullYear()}, ${iso.slice(11, 23)} UTC`;
}

/** Where the thumb of a plain range input sits at `value`: the track, less half a thumb at each end. */
async function thumbAt(slider: Locator, value: number, max: number): Promise<{ x: number; y: number }> {
  const box = await slider.boundingBox();
  if (!box) throw new Error('the slider is not on screen');
  const half = 8;
  return { x: box.x + half + ((box.width - 2 * half) * value) / Math.max(max, 1), y: box.y + box.height / 2 };
}

async function field(scope: Page | Locator, label: string): Promise<Locator> {
  const input = scope.getByLabel(label, { exact: true });
  await input.waitFor();
  return input;
}

describe('admin and audit pages', () => {
  const suite = browserSuite();

  it('an admin creates an event in the row editor, and it appears in the event list', async () => {
    const admin = await suite.as('admin');
    const page = admin.page;
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Admin', exact: true }).waitFor();
    const form = page.getByRole('region', { name: 'Create an event' });

    await (await field(form, 'Name')).fill('Spring Gala');
    await (await field(form, 'Venue')).fill('Glass Pavilion');
    await (await field(form, 'Starts at')).fill('2031-05-01T19:30');
    await (await field(form, 'Currency')).fill('EUR');
    // Row A is there to begin with; row B is added and given 8 seats at 30.00.
    await (await field(form, 'Seats in row A')).fill('10');
    await form.getByRole('button', { name: 'Add row', exact: true }).click();
    expect(await (await field(form, 'Label of row 2')).inputValue()).toBe('B');
    await (await field(form, 'Seats in row B')).fill('8');
    await (await field(form, 'Price of row B')).fill('30.00');

    // The live preview draws the layout as typed: 18 seats, row B at 30.00 EUR.
    const preview = form.getByRole('region', { name: 'Preview' });
    await preview.getByText('2 rows, 18 seats.').waitFor();
    expect(await preview.locator('.map button').count()).toBe(18);
    expect(await preview.locator('.map button').last().getAttribute('aria-label')).toBe('Row B, seat 8, available, 30.00 EUR');
    await screenshot(form, 'admin-create-event');

    await form.getByRole('button', { name: 'Create event', exact: true }).click();
    await waitForMessage(page, 'status', 'Event “Spring Gala” created with 18 seats.');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click();
    const gala = page.locator('.show', { has: page.getByRole('link', { name: 'Spring Gala', exact: true }) });
    await gala.waitFor();
    expect(await gala.locator('.show-venue').innerText()).toBe('Glass Pavilion');
    // The local time typed is the local time shown: it went to the server as UTC and came back.
    expect(await gala.locator('.show-date').innerText()).toBe('Thu 1 May 2031, 19:30');
    expect(await gala.locator('.show-available').innerText()).toBe('18 of 18 seats available');
    await gala.getByRole('link', { name: 'Spring Gala', exact: true }).click();
    await waitForSeat(page, 'B8', 'available');
    expect(await page.locator('.map button').count()).toBe(18);
  });

  it('an admin builds a layout of sections and categories in the form, and its seat map shows them', async () => {
    const admin = await suite.as('admin');
    const page = admin.page;
    // A screen tall enough for the whole form, so that the preview stays in view while it is edited.
    await page.setViewportSize({ width: 1280, height: 1600 });
    await page.goto(`${suite.app.url}/admin`);
    const form = page.getByRole('region', { name: 'Create an event' });
    await (await field(form, 'Name')).fill('Chamber Recital');
    await (await field(form, 'Venue')).fill('Small Hall');
    await (await field(form, 'Starts at')).fill('2031-06-01T19:30');
    await form.getByLabel('Sections and price categories', { exact: true }).check();

    // The example layout is the starting point: the balcony goes, the stalls get a third row
    // (labelled 3 by itself) with an aisle after seat 7 and wheelchair places at both ends.
    await (await field(form, 'Price of Premium')).fill('95.00');
    await form.getByRole('button', { name: 'Remove Balcony', exact: true }).click();
    await form.getByRole('button', { name: 'Add a row to Stalls', exact: true }).click();
    expect(await (await field(form, 'Row (Stalls, row 3)')).inputValue()).toBe('3');
    await (await field(form, 'Aisle after seat (Stalls, row 3)')).fill('7');
    await (await field(form, 'Wheelchair places (Stalls, row 3)')).fill('1, 14');
    await (await field(form, 'Category (Stalls, row 3)')).selectOption({ label: 'Premium' });
    await form.getByText('A valid layout of 40 seats.').waitFor();
    const preview = form.getByRole('region', { name: 'Preview' });
    expect(await preview.locator('.map button').last().getAttribute('aria-label')).toBe('Stalls, row 3, seat 14, available, 95.00 EUR, wheelchair space');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(form, 'admin-layout-builder');

    await form.getByRole('button', { name: 'Create event', exact: true }).click();
    await waitForMessage(page, 'status', 'Event “Chamber Recital” created with 40 seats.');
    await form.getByRole('link', { name: 'Open the seat map of Chamber Recital', exact: true }).click();
    const seat = page.getByRole('button', { name: 'Stalls, row 3, seat 1, available, 95.00 EUR, wheelchair space', exact: true });
    await seat.waitFor();
    expect(await page.getByRole('heading', { name: 'Stalls', exact: true }).count()).toBe(1);
  });

  it('an auditor drags the time slider and sees a seat go from available to locked to reserved', async () => {
    // The history, made through the API with the real clock: alice locks A1, then reserves it.
    const alice = await new Client(suite.app.url).login('alice', PASSWORDS.alice);
    const show = (await alice.get('/api/events/')).body.events.find((event: { name: string }) => event.name === DEMO_EVENT);
    const a1 = (await alice.get(`/api/events/${show.id}/seats/`)).body.seats.find((seat: { label: string }) => seat.label === 'A1');
    expect((await alice.post(`/api/events/${show.id}/seats/${a1.id}/lock/`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await alice.post(`/api/events/${show.id}/reserve/`, { seatIds: [a1.id] })).status).toBe(201);
    const auditorApi = await new Client(suite.app.url).login('auditor', PASSWORDS.auditor);
    const history = (await auditorApi.get(`/api/audit/events/${show.id}/seats/${a1.id}/history/`)).body.entries;
    const lockedAt: string = history.find((entry: { type: string }) => entry.type === 'SeatLocked').data.lockedAt;
    const reservedAt: string = history.find((entry: { type: string }) => entry.type === 'SeatsReserved').data.reservedAt;

    const auditor = await suite.as('auditor');
    const page = auditor.page;
    expect(await page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    const travel = page.getByRole('region', { name: 'Seats over time' });
    await (await field(travel, 'Event')).selectOption({ label: DEMO_EVENT });
    await travel.getByRole('button', { name: 'Load history', exact: true }).click();
    const slider = travel.getByRole('slider', { name: 'Instant', exact: true });
    await slider.waitFor();
    await waitForSeat(page, 'A1', 'available');
    const max = Number(await slider.getAttribute('max'));
    expect(max).toBeGreaterThanOrEqual(2);

    // One drag, left to right, a stop at a time, the mouse held down throughout.
    const seen: string[] = [];
    const start = await thumbAt(slider, 0, max);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let value = 1; value <= max; value++) {
      const at = await thumbAt(slider, value, max);
      await page.mouse.move(at.x, at.y, { steps: 5 });
      await page.waitForFunction(
        ([input, wanted]) => (input as HTMLInputElement).value === wanted,
        [await slider.elementHandle(), String(value)] as const,
      );
      const instant = await slider.getAttribute('aria-valuetext');
      if (instant === instantText(lockedAt)) {
        await waitForSeat(page, 'A1', 'locked by alice');
        seen.push('locked by alice');
        await screenshot(travel, 'audit-time-travel-locked');
      } else if (instant === instantText(reservedAt)) {
        await waitForSeat(page, 'A1', 'reserved');
        seen.push('reserved');
      }
    }
    await page.mouse.up();
    expect(seen).toEqual(['locked by alice', 'reserved']);
    // The label under the slider names the instant the grid stands at.
    expect(await travel.locator('.as-of time').getAttribute('datetime')).toBe(reservedAt);

    // Dragged back to the start, the seat is available again.
    const end = await thumbAt(slider, max, max);
    const back = await thumbAt(slider, 0, max);
    await page.mouse.move(end.x, end.y);
    await page.mouse.down();
    await page.mouse.move(back.x, back.y, { steps: 10 });
    await page.mouse.up();
    await waitForSeat(page, 'A1', 'available');

    // The seat's timeline, from a click on it: alice's lock, then her reservation.
    await page.locator('.map button[aria-label^="Row A, seat 1, "]').click();
    const timeline = page.getByRole('region', { name: "A seat's timeline" });
    await timeline.getByRole('heading', { name: `Timeline of A1 of ${DEMO_EVENT}` }).waitFor();
    const items = await timeline.locator('.timeline li').allInnerTexts();
    expect(items.map((item) => /Seat\w+/.exec(item)?.[0])).toEqual(['SeatLocked', 'SeatsReserved']);
    expect(items.every((item) => item.includes('user: alice'))).toBe(true);
  });
});
