/**
 * 360 px wide (a small phone): the header still shows who is logged in, "My reservations" and
 * "Log out"; the page does not scroll sideways; the seat map (scrolling inside itself if it must)
 * can be used to hold seats at both ends of a row and reserve them.
 */
import type { Locator, Page } from 'playwright-core';
import { browserSuite, openEvent, screenshot, seat, waitForMessage, waitForSeat } from './support/browser';

const WIDTH = 360;

async function expectOnScreen(page: Page, locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  if (!box || box.x < 0 || box.x + box.width > WIDTH + 0.5 || box.width === 0) {
    throw new Error(`${what} is not within the 360 px viewport: ${JSON.stringify(box)}`);
  }
  // Not covered by something else at its centre.
  const onTop = await locator.evaluate((element) => {
    const r = element.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (hit === element || element.contains(hit));
  });
  if (!onTop) throw new Error(`${what} is covered by another element`);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('at 360 px wide', () => {
  const suite = browserSuite();

  it('shows the header in full and the seat map works', async () => {
    const alice = await suite.as('alice', { viewport: { width: WIDTH, height: 740 } });
    const page = alice.page;
    const header = page.locator('header');
    await expectOnScreen(page, header.getByTitle('Logged in as alice'), 'the username');
    expect(await header.getByTitle('Logged in as alice').innerText()).toContain('alice');
    await expectOnScreen(page, header.getByRole('link', { name: 'My reservations', exact: true }), '"My reservations"');
    await expectOnScreen(page, header.getByRole('button', { name: 'Log out', exact: true }), '"Log out"');
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'narrow-events', { fullPage: true });

    await openEvent(page, suite.app.url);
    await expectOnScreen(page, header.getByRole('button', { name: 'Log out', exact: true }), '"Log out" on the seat map');
    expect(await horizontalOverflow(page)).toBe(0);

    // Both ends of a row: the last seat may need the map scrolled sideways, which a click does.
    await seat(page, 'A1').click();
    await waitForSeat(page, 'A1', 'locked by you');
    await seat(page, 'A12').click();
    await waitForSeat(page, 'A12', 'locked by you');
    await screenshot(page, 'narrow-seat-map', { fullPage: true });
    const reserve = page.getByRole('button', { name: 'Reserve', exact: true });
    await reserve.scrollIntoViewIfNeeded();
    await expectOnScreen(page, reserve, 'the Reserve button');
    await reserve.click();
    await waitForMessage(page, 'status', 'Reservation confirmed: A1, A12, 100.00 EUR');
    await waitForSeat(page, 'A12', 'reserved by you');
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'narrow-360px', { fullPage: true });

    await header.getByRole('link', { name: 'My reservations', exact: true }).click();
    await page.locator('.reservation', { hasText: 'A1, A12' }).waitFor();
    await expectOnScreen(page, page.locator('.reservation').getByRole('button', { name: 'Cancel', exact: true }), 'the Cancel button');
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'narrow-my-reservations', { fullPage: true });
  });
});
