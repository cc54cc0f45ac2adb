/**
 * A layout event (the demo's "Hamlet": stalls with an aisle, a premium category across the front
 * rows, wheelchair places, a balcony numbered from 101) in Chromium: the stage, sections under their
 * names, the category legend with prices and the wheelchair symbol; seat labels as ui.md says; a
 * seat locked by click and one by keyboard (the arrow keys cross the aisle and move between rows),
 * reserved at their category prices; no axe-core violation on the page.
 */
import { axeViolations } from './support/axe';
import { Client } from '../support/client';
import { browserSuite, openEvent, screenshot, waitForMessage } from './support/browser';

const EVENT = 'Hamlet';

describe('a venue with sections', () => {
  const suite = browserSuite();

  it('shows the stage, the sections, the categories and wheelchair places, and takes seats by click and by keyboard', async () => {
    const alice = await suite.as('alice');
    const page = alice.page;
    const started = Date.now();
    await openEvent(page, suite.app.url, EVENT);
    console.log(`${EVENT}: 138 seats rendered ${Date.now() - started} ms after the event link was clicked`);

    const map = page.locator('.map');
    expect(await map.locator('.stage').innerText()).toMatch(/stage/i);
    expect(await map.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Stalls', 'Balcony']);
    const prices = await page.getByRole('list', { name: 'Prices' }).innerText();
    expect(prices.replace(/\s+/g, " ")).toContain("Premium: 80.00 EUR Standard: 45.00 EUR Balcony: 30.00 EUR");
    expect(await page.locator('.legend').innerText()).toContain('Wheelchair space');
    expect(await map.locator('button').count()).toBe(6 * 16 + 3 * 14);

    const byLabel = (label: string) => map.locator(`button[aria-label^="${label}, "]`);
    expect(await byLabel('Stalls, row 6, seat 1').getAttribute('aria-label')).toBe('Stalls, row 6, seat 1, available, 45.00 EUR, wheelchair space');
    expect(await byLabel('Balcony, row A, seat 101').getAttribute('aria-label')).toBe('Balcony, row A, seat 101, available, 30.00 EUR');
    // The aisle after seat 8 is a visible gap.
    const [eight, nine] = [await byLabel('Stalls, row 1, seat 8').boundingBox(), await byLabel('Stalls, row 1, seat 9').boundingBox()];
    const [seven] = [await byLabel('Stalls, row 1, seat 7').boundingBox()];
    expect(nine!.x - (eight!.x + eight!.width)).toBeGreaterThan(2 * (eight!.x - (seven!.x + seven!.width)));

    // By click.
    await byLabel('Stalls, row 1, seat 8').click();
    await map.locator('button[aria-label="Stalls, row 1, seat 8, locked by you, 80.00 EUR"]').waitFor();
    // By keyboard: from the seat just clicked, across the aisle, then a row back.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Stalls, row 2, seat 9, available, 80.00 EUR');
    await page.keyboard.press('Enter');
    await map.locator('button[aria-label="Stalls, row 2, seat 9, locked by you, 80.00 EUR"]').waitFor();
    expect(await page.locator('.panel').innerText()).toMatch(/Stalls 1-8[\s\S]*Stalls 2-9/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'venue-layout', { fullPage: true });

    await page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await waitForMessage(page, 'status', 'Reservation confirmed: Stalls 1-8, Stalls 2-9, 160.00 EUR');
  });

  it('opens a venue too big for the screen on an overview of its sections, and a section to its seats', async () => {
    const admin = await new Client(suite.app.url).login('admin', 'admin123');
    const block = (n: number) => ({
      key: `block-${n}`,
      name: `Block ${n}`,
      rows: Array.from({ length: 20 }, (_, r) => ({ label: String(r + 1), seats: 30, category: n === 101 ? 'floor' : 'tier', aislesAfter: [15], accessible: r === 19 ? [1] : [] })),
    });
    const created = await admin.post('/api/admin/events/', {
      name: 'Arena Night', venue: 'City Arena', startsAt: '2030-01-02T20:00:00.000Z', currency: 'EUR',
      categories: [{ key: 'floor', name: 'Floor', price: '95.00' }, { key: 'tier', name: 'Tier', price: '40.00' }],
      sections: [block(101), block(102), block(103)],
    });
    expect(created.status).toBe(201);

    const alice = await suite.as('alice', { viewport: { width: 412, height: 823 } });
    const page = alice.page;
    const started = Date.now();
    await page.goto(`${suite.app.url}/events`);
    await page.getByRole('link', { name: 'Arena Night', exact: true }).click();
    const cards = page.locator('.section-card');
    await cards.first().waitFor();
    console.log(`Arena Night (1,800 seats): overview shown ${Date.now() - started} ms after the event list was asked for`);
    expect(await cards.allInnerTexts()).toEqual([
      'Block 101\n600 of 600 available\n95.00 EUR',
      'Block 102\n600 of 600 available\n40.00 EUR',
      'Block 103\n600 of 600 available\n40.00 EUR',
    ]);
    expect(await page.locator('.map button').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'venue-overview', { fullPage: true });

    await page.getByRole('button', { name: /^Block 102/ }).click();
    const map = page.locator('.map');
    await map.locator('button[aria-label^="Block 102, row 1, seat 1, "]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('← All sections');
    await page.waitForFunction(() => document.querySelectorAll('.map button').length === 600);
    expect(await map.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Block 102']);
    await map.locator('button[aria-label^="Block 102, row 3, seat 16, "]').click();
    await map.locator('button[aria-label="Block 102, row 3, seat 16, locked by you, 40.00 EUR"]').waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await map.locator('button[aria-label="Block 102, row 3, seat 15, locked by you, 40.00 EUR"]').waitFor();

    await page.getByRole('button', { name: '← All sections' }).click();
    await page.locator('.section-card[data-section="block-102"]').filter({ hasText: '598 of 600 available' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-section'))).toBe('block-102');
  });
});
