/**
 * axe-core's WCAG 2.1 A and AA rules on every page a person reaches: the event list, the seat map
 * of both demo events (rows, and sections with categories), My reservations with a reservation,
 * the admin page and the audit page. A violation fails the test with its rule and elements.
 */
import { axeViolations } from './support/axe';
import { browserSuite, openEvent, seat, waitForMessage, waitForSeat } from './support/browser';

describe('accessibility (axe-core)', () => {
  const suite = browserSuite();

  it('finds no violation on any page', async () => {
    const found: Record<string, unknown> = {};
    const check = async (page: import('playwright-core').Page, name: string) => {
      const violations = await axeViolations(page);
      if (violations.length) found[name] = violations;
    };

    const alice = await suite.as('alice');
    let page = alice.page;
    await page.goto(`${suite.app.url}/events`);
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await check(page, 'event list');
    await openEvent(page, suite.app.url);
    await seat(page, 'A1').click();
    await waitForSeat(page, 'A1', 'locked by you');
    await check(page, 'seat map (rows), a seat held');
    await page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await waitForMessage(page, 'status', 'Reservation confirmed: A1');
    await openEvent(page, suite.app.url, 'Hamlet');
    await check(page, 'seat map (sections)');
    await page.goto(`${suite.app.url}/reservations`);
    await page.locator('.reservation').first().waitFor();
    await check(page, 'my reservations');

    const admin = await suite.as('admin');
    page = admin.page;
    await page.goto(`${suite.app.url}/admin`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await check(page, 'admin');
    await page.goto(`${suite.app.url}/audit`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await check(page, 'audit');

    expect(found).toEqual({});
  });

  it('notices a violation when there is one (the check works)', async () => {
    const page = (await suite.visitor('dora')).page;
    await page.goto(`${suite.app.url}/events`);
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('img'), { src: '/favicon.ico' })));
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
  });
});
