/**
 * The box office in a real browser against the real server (issue 17, ui.md "Box office"): an
 * admin finds alice's reservation by event, username and status and cancels it on her behalf with
 * a reason, which alice then reads in My reservations; an admin cancels an event while alice holds
 * a seat of it and bob owns two, and the hold ends on alice's map, her next click is refused, and
 * bob's booking reads as cancelled by the organiser with the reason; an admin takes a seat off sale
 * by clicking it on the event's map and closes sales, and alice's map and clicks follow.
 */
import type { Page } from 'playwright-core';
import { Client } from '../support/client';
import { lockAndReserve } from '../support/seats';
import { axeViolations } from './support/axe';
import { DEMO_EVENT, PASSWORDS, browserSuite, openEvent, screenshot, seat, waitForMessage, waitForSeat } from './support/browser';

async function demoEventId(api: Client): Promise<string> {
  const { body } = await api.get('/api/events/');
  const show = (body.events as { id: string; name: string }[]).find((s) => s.name === DEMO_EVENT);
  if (!show) throw new Error(`no event named ${DEMO_EVENT}`);
  return show.id;
}

async function openMyReservations(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'My reservations', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'My reservations' }).waitFor();
}

describe('the box office', () => {
  const suite = browserSuite();

  it('an admin finds alice’s reservation and cancels it for her with a reason; alice reads who and why', async () => {
    const aliceApi = await new Client(suite.app.url).login('alice', PASSWORDS.alice);
    const eventId = await demoEventId(aliceApi);
    const booked = await lockAndReserve(aliceApi, eventId, ['A1', 'A2']);
    const bobApi = await new Client(suite.app.url).login('bob', PASSWORDS.bob);
    await lockAndReserve(bobApi, eventId, ['C5']); // another customer's booking, which the search leaves out

    const admin = await suite.as('admin');
    const page = admin.page;
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    const bookings = page.getByRole('region', { name: 'Reservations' });
    await bookings.getByRole('option', { name: DEMO_EVENT }).waitFor({ state: 'attached' });
    await bookings.getByLabel('Event', { exact: true }).selectOption({ label: DEMO_EVENT });
    await bookings.getByLabel('Username', { exact: true }).fill('alice');
    await bookings.getByLabel('Status', { exact: true }).selectOption('confirmed');
    await bookings.getByRole('button', { name: 'Search', exact: true }).click();

    const booking = bookings.locator('li.booking');
    await booking.first().waitFor();
    expect(await booking.count()).toBe(1);
    expect(await booking.locator('.booking-title').innerText()).toBe('alice: A1, A2');
    expect(await booking.locator('.booking-event').innerText()).toBe(DEMO_EVENT);
    expect(await booking.locator('.booking-total').innerText()).toBe('100.00 EUR');
    // The attendee list of the chosen event is one link away.
    expect(await bookings.getByRole('link', { name: 'Download attendee list (CSV)' }).getAttribute('href')).toBe(`/api/admin/events/${eventId}/attendees.csv`);

    await booking.getByRole('button', { name: 'Cancel for customer', exact: true }).click();
    await booking.getByLabel('Reason', { exact: true }).fill('Double booking at the door');
    await booking.getByRole('button', { name: 'Cancel reservation', exact: true }).click();
    await booking.getByText('Cancel alice’s reservation of A1, A2 (100.00 EUR) for Concert XYZ? Its seats go back on sale. This cannot be undone.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(bookings, 'admin-cancel-for-customer');
    await booking.getByRole('button', { name: 'Yes, cancel it', exact: true }).click();

    await booking.locator('.status', { hasText: 'cancelled' }).waitFor();
    expect(await booking.locator('.booking-note').innerText()).toBe('Cancelled by the box office: Double booking at the door');
    expect(await booking.getByRole('button', { name: 'Cancel for customer' }).count()).toBe(0);

    // The server agrees, and the seats are on sale again.
    const reply = await aliceApi.get(`/api/reservations/${booked.id}/`);
    expect(reply.body.reservation).toMatchObject({ status: 'cancelled', cancelledBy: 'admin', reason: 'Double booking at the door' });

    const alice = await suite.as('alice');
    await openMyReservations(alice.page);
    const mine = alice.page.locator('.reservation', { hasText: 'A1, A2' });
    await mine.locator('.status', { hasText: 'cancelled' }).waitFor();
    expect(await mine.locator('.reservation-note').innerText()).toBe('Cancelled by the box office: Double booking at the door');
    await openEvent(alice.page, suite.app.url);
    await waitForSeat(alice.page, 'A1', 'available');
    await waitForSeat(alice.page, 'A2', 'available');
    await waitForSeat(alice.page, 'C5', 'reserved');
  });

  it('an admin cancels an event: alice’s hold ends on her map, nothing more can be held, bob’s booking reads cancelled by the organiser', async () => {
    const bobApi = await new Client(suite.app.url).login('bob', PASSWORDS.bob);
    const eventId = await demoEventId(bobApi);
    await lockAndReserve(bobApi, eventId, ['C5', 'C6']);

    const alice = await suite.as('alice');
    await openEvent(alice.page, suite.app.url);
    await seat(alice.page, 'A3').click();
    await waitForSeat(alice.page, 'A3', 'locked by you');

    const admin = await suite.as('admin');
    const page = admin.page;
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.getByRole('region', { name: 'Events' }).getByRole('link', { name: DEMO_EVENT, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: DEMO_EVENT, exact: true }).waitFor();
    expect(await page.locator('.event-state').textContent()).toBe('Status: Sales open');

    const cancelSection = page.getByRole('region', { name: 'Cancel the event' });
    await cancelSection.getByRole('button', { name: 'Cancel event…', exact: true }).click();
    // No reason, no cancellation: the prompt says what is missing.
    await cancelSection.getByRole('button', { name: 'Cancel event', exact: true }).click();
    await cancelSection.locator('.field-error').waitFor();
    await cancelSection.getByLabel('Reason', { exact: true }).fill('The headliner is ill');
    await cancelSection.getByRole('button', { name: 'Cancel event', exact: true }).click();
    await cancelSection.getByText('Cancel Concert XYZ for good? Every booking of it is cancelled at once. This cannot be undone.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(cancelSection, 'admin-cancel-event');
    await cancelSection.getByRole('button', { name: 'Yes, cancel the event', exact: true }).click();

    await page.locator('.event-state', { hasText: 'Cancelled' }).waitFor();
    expect(await page.locator('.event-state').textContent()).toBe('Status: Cancelled');
    expect(await page.getByRole('region', { name: 'Cancel the event' }).count()).toBe(0);

    // Alice's hold ends on her map (the live grid), and a click on a seat is refused with the reason.
    await waitForSeat(alice.page, 'A3', 'available');
    await waitForSeat(alice.page, 'C5', 'available');
    await seat(alice.page, 'A4').click();
    await alice.page.locator('.sale-state', { hasText: 'Cancelled. This event was cancelled. Its seats can no longer be held or reserved.' }).waitFor();
    await waitForSeat(alice.page, 'A4', 'available');

    // The event list says so, and bob's booking says who cancelled it and why.
    const bob = await suite.as('bob');
    await bob.page.goto(`${suite.app.url}/events`);
    const listed = bob.page.locator('li.show', { hasText: DEMO_EVENT });
    expect(await listed.locator('.show-status').innerText()).toBe('Cancelled');
    await openMyReservations(bob.page);
    const booking = bob.page.locator('.reservation', { hasText: 'C5, C6' });
    await booking.locator('.status', { hasText: 'cancelled' }).waitFor();
    expect(await booking.locator('.reservation-note').innerText()).toBe('Cancelled by the organiser: The headliner is ill');
    expect(await axeViolations(bob.page)).toEqual([]);
    await screenshot(bob.page, 'my-reservations-event-cancelled');
  });

  it('an admin blocks a seat by clicking it on the map and closes sales; alice sees the seat not for sale and cannot hold another', async () => {
    const bobApi = await new Client(suite.app.url).login('bob', PASSWORDS.bob);
    const eventId = await demoEventId(bobApi);
    await lockAndReserve(bobApi, eventId, ['D1', 'D2', 'D3']); // figures for the chart

    const admin = await suite.as('admin');
    const page = admin.page;
    await page.goto(`${suite.app.url}/admin/events/${eventId}`);
    await page.getByRole('heading', { level: 1, name: DEMO_EVENT, exact: true }).waitFor();
    const seats = page.getByRole('region', { name: 'Seats' });
    await seat(page, 'A1').waitFor();
    await seat(page, 'A1').click();
    await seats.getByLabel('Reason', { exact: true }).fill('House seat for the director');
    await seats.getByRole('button', { name: 'Block seat', exact: true }).click();
    await waitForSeat(page, 'A1', 'not for sale');
    // A reserved seat is refused, with the reason why.
    await seat(page, 'D1').click();
    await seats.getByRole('alert').waitFor();

    // The sales figures follow (bob's 3 seats at 50.00 and the blocked one), drawn as a chart with a table behind it.
    const figures = page.getByRole('region', { name: 'Sales figures' });
    await figures.getByText('Revenue of the seats reserved now:').waitFor();
    await figures.locator('canvas').first().waitFor();
    await figures.getByText('Sales as a table').click();
    const occupancy = figures.getByRole('table', { name: 'Occupancy per category' });
    await occupancy.getByRole('row').nth(1).waitFor();
    const row = await occupancy.getByRole('row').nth(1).getByRole('cell').allInnerTexts();
    expect(row.slice(1, 4)).toEqual(['3', '0', '1']); // reserved, held, not for sale
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'admin-event-page');

    // A buyer who opens the event now finds the seat not for sale (live changes of the map: live-locks.spec.ts).
    const alice = await suite.as('alice');
    await openEvent(alice.page, suite.app.url);
    await waitForSeat(alice.page, 'A1', 'not for sale');
    await seat(alice.page, 'A1').click();
    await waitForMessage(alice.page, 'alert', 'is not for sale. Pick another seat.');

    await page.getByRole('region', { name: 'Sales' }).getByRole('button', { name: 'Close sales', exact: true }).click();
    await page.getByRole('region', { name: 'Sales' }).getByRole('button', { name: 'Reopen sales', exact: true }).waitFor();
    expect(await page.locator('.event-state').textContent()).toBe('Status: Sales closed');

    await seat(alice.page, 'B1').click();
    await alice.page.locator('.sale-state', { hasText: 'Sales closed.' }).waitFor();
    await waitForSeat(alice.page, 'B1', 'available');
  });
});
