/**
 * Keyboard only: Tab reaches the map on one seat (roving tabindex), the arrow keys move between
 * seats, Enter holds the focused seat and Space releases it; focus stays visible throughout.
 */
import type { Page } from 'playwright-core';
import { browserSuite, openEvent, seat, waitForSeat } from './support/browser';

/** The focused element's aria-label, and whether it shows a focus ring (:focus-visible). */
async function focused(page: Page): Promise<{ label: string | null; inMap: boolean; visible: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      label: element?.getAttribute('aria-label') ?? null,
      inMap: element?.closest('.map') != null && element.tagName === 'BUTTON',
      visible: element?.matches(':focus-visible') ?? false,
    };
  });
}

describe('the seat map by keyboard', () => {
  const suite = browserSuite();

  it('tabs to the grid, arrows to a seat, and Enter locks it', async () => {
    const alice = await suite.as('alice');
    const page = alice.page;
    await openEvent(page, suite.app.url);
    // One tab stop in the whole map.
    expect(await page.locator('.map button[tabindex="0"]').count()).toBe(1);

    // A fresh load of the page (no focus, no click anywhere), then Tab only until a seat has the focus.
    await page.reload();
    await page.locator('.map button').first().waitFor();
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    const stops: string[] = [];
    let tabs = 0;
    while (!(await focused(page)).inMap) {
      if (++tabs > 30) throw new Error(`30 presses of Tab did not reach the seat map; focus is on ${JSON.stringify(await focused(page))}`);
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent?.trim() || ''));
    }
    console.log(`Tab reached the seat map after ${tabs} presses: ${stops.join(' | ')}`);
    expect(await focused(page)).toEqual({ label: 'Row A, seat 1, available, 50.00 EUR', inMap: true, visible: true });

    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toEqual({ label: 'Row B, seat 2, available, 50.00 EUR', inMap: true, visible: true });

    await page.keyboard.press('Enter');
    await waitForSeat(page, 'B2', 'locked by you');
    expect((await focused(page)).label).toBe('Row B, seat 2, locked by you, 50.00 EUR');
    await page.locator('.panel .held', { hasText: 'B2' }).waitFor();
    // The roving tab stop moved with the focus.
    expect(await seat(page, 'B2').getAttribute('tabindex')).toBe('0');
    expect(await page.locator('.map button[tabindex="0"]').count()).toBe(1);

    // Space on the same seat releases it; the focus stays put.
    await page.keyboard.press('Space');
    await waitForSeat(page, 'B2', 'available');
    expect(await focused(page)).toEqual({ label: 'Row B, seat 2, available, 50.00 EUR', inMap: true, visible: true });

    // Enter again, then Tab leaves the map for the panel: the "Find seats" form, "More time", then
    // "Reserve", which Enter presses.
    await page.keyboard.press('Enter');
    await waitForSeat(page, 'B2', 'locked by you');
    const panelStops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      panelStops.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.id || document.activeElement?.textContent?.trim() || ''));
    }
    expect(panelStops).toEqual(['find-seats-count', 'Find seats', 'More time', 'Reserve']);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Reservation confirmed: B2, 50.00 EUR' }).waitFor();
    await waitForSeat(page, 'B2', 'reserved by you');
  });
});
