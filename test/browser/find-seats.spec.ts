/**
 * "Finding seats and keeping them" (ui.md, issue 16) in Chromium: alice asks the form on Hamlet's
 * page for 3 seats in Premium; the server's best seats together (the front row's left block next
 * to the aisle) are held at once, shown like clicked ones and in the panel; "More time" gives them
 * more and says until when. No axe-core violation with the form on the page.
 */
import { axeViolations } from './support/axe';
import { browserSuite, openEvent, screenshot, waitForMessage } from './support/browser';

describe('finding seats and keeping them', () => {
  const suite = browserSuite();

  it('finds 3 seats together in a category with the form, holds them, and gives them more time', async () => {
    const alice = await suite.as('alice');
    const page = alice.page;
    await openEvent(page, suite.app.url, 'Hamlet');
    const form = page.getByRole('form', { name: 'Find seats' });
    await form.getByLabel('Seats', { exact: true }).fill('3');
    await form.getByLabel('Category', { exact: true }).selectOption({ label: 'Premium, 80.00 EUR' });
    await form.getByRole('button', { name: 'Find seats', exact: true }).click();

    await waitForMessage(page, 'status', 'Held for you: Stalls 1-6, Stalls 1-7, Stalls 1-8.');
    const map = page.locator('.map');
    for (const n of [6, 7, 8]) {
      await map.locator(`button[aria-label="Stalls, row 1, seat ${n}, locked by you, 80.00 EUR"]`).waitFor();
    }
    const panel = page.locator('.panel');
    expect(await panel.locator('.held-label').allInnerTexts()).toEqual(['Stalls 1-6', 'Stalls 1-7', 'Stalls 1-8']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'find-seats', { fullPage: true });

    await panel.getByRole('button', { name: 'More time', exact: true }).click();
    await waitForMessage(page, 'status', 'More time: your seats are held until');
    // The countdowns run from the new end: still 04:5x, as the extension gave a fresh 5 minutes.
    expect((await panel.locator('.countdown').allInnerTexts()).every((t) => /^0[45]:\d\d$/.test(t))).toBe(true);
  });

  it('says in a sentence when there are not that many seats together', async () => {
    const bob = await suite.as('bob');
    const page = bob.page;
    await openEvent(page, suite.app.url, 'Hamlet');
    const form = page.getByRole('form', { name: 'Find seats' });
    await form.getByLabel('Seats', { exact: true }).fill('9');
    await form.getByLabel('Category', { exact: true }).selectOption({ label: 'Premium, 80.00 EUR' });
    await form.getByRole('button', { name: 'Find seats', exact: true }).click();
    await waitForMessage(page, 'alert', 'No 9 seats together in Premium: try fewer seats or another category.');
  });
});
