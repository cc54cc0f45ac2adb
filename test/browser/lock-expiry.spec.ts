/**
 * A hold that runs out: with SEAT_LOCK_SECONDS=3 the side panel counts down to 00:00 and the seat
 * turns back to available by itself, without a reload, and the server agrees (bob can take it).
 * Real time is the point here: the test waits on the DOM, with timeouts, never on fixed sleeps.
 */
import { browserSuite, openEvent, seat, waitForSeat } from './support/browser';

interface Sample {
  at: number;
  countdown: string | null;
  a1: string | null;
}

declare global {
  interface Window {
    __samples?: Sample[];
    __sameDocument?: boolean;
  }
}

describe('a hold that runs out', () => {
  const suite = browserSuite({ SEAT_LOCK_SECONDS: '3' });

  it('counts down to 00:00 and frees the seat without a reload', async () => {
    const alice = await suite.as('alice');
    const bob = await suite.as('bob');
    await openEvent(alice.page, suite.app.url);
    await openEvent(bob.page, suite.app.url);
    const page = alice.page;

    // Every change of the countdown text and of A1's label, timed in the page (a MutationObserver
    // sees each one, however briefly it is shown); and a flag a reload would lose.
    await page.evaluate(() => {
      window.__sameDocument = true;
      const samples: Sample[] = (window.__samples = []);
      const a1 = document.querySelector('.map button[aria-label^="Row A, seat 1, "]');
      const record = () => {
        const countdown = document.querySelector('.panel .countdown')?.textContent ?? null;
        const label = a1?.getAttribute('aria-label') ?? null;
        const last = samples[samples.length - 1];
        if (!last || last.countdown !== countdown || last.a1 !== label) {
          samples.push({ at: performance.now(), countdown, a1: label });
        }
      };
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label'] });
    });

    await seat(page, 'A1').click();
    // Held ("locked by you", with a countdown), then free again by itself: polled on the DOM's
    // record for up to 15 s. (00:00 shows for under a second; the recorder, not a poll, is the
    // witness that it was shown. Nor is "locked by you" waited for on its own: on a slow machine
    // a 3 s hold could be over before a poll saw it.)
    await page.waitForFunction(
      () => {
        const samples = window.__samples ?? [];
        const held = samples.findIndex((s) => s.a1?.includes(', locked by you, '));
        return held >= 0 && samples.slice(held).some((s) => s.a1?.includes(', available, '));
      },
      null,
      { timeout: 15_000, polling: 100 },
    );
    await waitForSeat(page, 'A1', 'available', 1_000);
    await page.locator('.panel .countdown').waitFor({ state: 'detached', timeout: 5_000 });
    await page.getByText('Pick seats on the map').waitFor();

    const samples = (await page.evaluate(() => window.__samples)) ?? [];
    const held = samples.filter((s) => s.a1?.includes('locked by you'));
    const countdowns = held.map((s) => s.countdown).filter((text, i, all): text is string => text !== null && text !== all[i - 1]);
    const heldFor = samples.find((s) => s.at > held[0].at && s.a1?.includes(', available, '))!.at - held[0].at;
    console.log(`countdown shown: ${countdowns.join(' ')}; A1 read "locked by you" for ${heldFor.toFixed(0)} ms`);
    expect(countdowns[countdowns.length - 1]).toBe('00:00');
    expect(countdowns[0]).toMatch(/^00:0[123]$/);
    // Down by whole seconds, never up.
    const seconds = countdowns.map((text) => Number(text.slice(3)));
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
    // 00:00 was shown before the seat read available, which is the last thing recorded for A1.
    const zero = samples.find((s) => s.countdown === '00:00')!;
    const freed = samples.find((s) => s.at >= zero.at && s.a1?.includes(', available, '));
    expect(freed).toBeDefined();
    expect(samples[samples.length - 1].a1).toBe('Row A, seat 1, available, 50.00 EUR');
    // Freed at its deadline (3 s from the lock, less the lock's round trip), not by a later poll or a reload.
    expect(heldFor).toBeGreaterThanOrEqual(2_000);
    expect(heldFor).toBeLessThan(5_000);
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);

    // The server let the lock go too: bob's map reads A1 available and he can hold it.
    await waitForSeat(bob.page, 'A1', 'available', 10_000);
    await seat(bob.page, 'A1').click();
    await waitForSeat(bob.page, 'A1', 'locked by you');
  });
});
