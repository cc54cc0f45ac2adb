/**
 * Reserving two held seats, finding the reservation in My reservations, and cancelling it (with
 * confirmation), after which its seats are on sale again on someone else's map.
 */
import { browserSuite, openEvent, screenshot, seat, waitForMessage, waitForSeat } from './support/browser';

describe('reserving and cancelling', () => {
  const suite = browserSuite();

  it('reserves A1 and A2, lists the reservation, and cancelling it frees the seats for bob', async () => {
    const alice = await suite.as('alice');
    const bob = await suite.as('bob');
    await openEvent(alice.page, suite.app.url);
    await openEvent(bob.page, suite.app.url);
    const page = alice.page;

    await seat(page, 'A1').click();
    await waitForSeat(page, 'A1', 'locked by you');
    await seat(page, 'A2').click();
    await waitForSeat(page, 'A2', 'locked by you');
    const panel = page.locator('.panel');
    await panel.locator('.held', { hasText: 'A2' }).waitFor();
    expect(await panel.locator('.held-label').allInnerTexts()).toEqual(['A1', 'A2']);
    expect(await panel.locator('.total-amount').innerText()).toBe('100.00 EUR');

    // "Reserve" exactly: seat names contain "reserved".
    await page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await waitForMessage(page, 'status', 'Reservation confirmed: A1, A2, 100.00 EUR');
    await waitForSeat(page, 'A1', 'reserved by you');
    await waitForSeat(page, 'A2', 'reserved by you');
    expect(await panel.locator('.held').count()).toBe(0);
    await waitForSeat(bob.page, 'A1', 'reserved');
    await waitForSeat(bob.page, 'A2', 'reserved');

    // For the screenshot, a map with every kind of seat: bob reserves C5 and C6 and holds C3 and
    // C4, alice holds E7 (blue, with its countdown in the panel) besides her reserved A1 and A2.
    await seat(bob.page, 'C5').click();
    await waitForSeat(bob.page, 'C5', 'locked by you');
    await seat(bob.page, 'C6').click();
    await waitForSeat(bob.page, 'C6', 'locked by you');
    await bob.page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await waitForMessage(bob.page, 'status', 'Reservation confirmed: C5, C6, 100.00 EUR');
    for (const id of ['C3', 'C4']) {
      await seat(bob.page, id).click();
      await waitForSeat(bob.page, id, 'locked by you');
    }
    await seat(page, 'E7').click();
    await waitForSeat(page, 'E7', 'locked by you');
    await waitForSeat(page, 'C3', 'locked by bob');
    await waitForSeat(page, 'C4', 'locked by bob');
    await waitForSeat(page, 'C5', 'reserved');
    await waitForSeat(page, 'C6', 'reserved');
    await page.mouse.move(0, 0);
    await screenshot(page, 'seat-grid', { until: page.locator('.layout') });

    // My reservations, from the header.
    await page.getByRole('link', { name: 'My reservations', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'My reservations' }).waitFor();
    const reservation = page.locator('.reservation', { hasText: 'A1, A2' });
    await reservation.waitFor();
    expect(await page.locator('.reservation').count()).toBe(1);
    expect(await reservation.getByRole('heading').innerText()).toBe('Concert XYZ');
    expect(await reservation.locator('.reservation-seats').innerText()).toBe('A1, A2');
    expect(await reservation.locator('.reservation-total').innerText()).toBe('100.00 EUR');
    expect(await reservation.locator('.status').innerText()).toBe('confirmed');
    await screenshot(page, 'my-reservations');

    // Cancel asks first; "Keep it" keeps it.
    const cancel = reservation.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.click();
    const confirm = reservation.getByRole('group', { name: 'Cancel the reservation of A1, A2?' });
    await confirm.getByText('Cancel this reservation? Its seats go back on sale.').waitFor();
    await confirm.getByRole('button', { name: 'Keep it', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await reservation.locator('.status').innerText()).toBe('confirmed');
    await screenshot(page, 'my-reservations-confirmed');

    await cancel.click();
    await confirm.getByRole('button', { name: 'Yes, cancel', exact: true }).click();
    await reservation.locator('.status', { hasText: 'cancelled' }).waitFor();
    await cancel.waitFor({ state: 'detached' });
    await waitForMessage(page, 'status', 'Reservation cancelled: A1, A2. The seats are available again.');
    await screenshot(page, 'my-reservations-cancelled');

    // The seats are on sale again: bob's map (polling) reads them available, and he can hold A1.
    await waitForSeat(bob.page, 'A1', 'available');
    await waitForSeat(bob.page, 'A2', 'available');
    await seat(bob.page, 'A1').click();
    await waitForSeat(bob.page, 'A1', 'locked by you');
  });
});
