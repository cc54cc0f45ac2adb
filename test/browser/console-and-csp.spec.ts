/**
 * The whole app under the server's Content-Security-Policy (helmet), with no console errors: a
 * visitor browses, is sent to log in by a seat click, registers, holds and reserves a seat,
 * cancels it, and logs out. Only the expected 401 (a wrong password) and 409 resource errors may
 * appear, and opening the site logged out logs nothing. And the watcher itself is checked: an inline script is refused and reported.
 */
import { browserSuite, newPerson, openEvent, seat, waitForMessage, waitForSeat } from './support/browser';

describe('console and Content-Security-Policy', () => {
  const suite = browserSuite();

  it('serves every page under a CSP that forbids inline script, and nothing is refused or logged', async () => {
    const carol = await suite.visitor('carol');
    const page = carol.page;

    const response = await page.goto(`${suite.app.url}/`);
    const csp = (await response!.allHeaders())['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("default-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/events');
    await page.getByRole('link', { name: 'Log in', exact: true }).waitFor();

    // Seats while logged out read "available" or "locked"; a click on one leads to the login page.
    await openEvent(page, suite.app.url);
    await page.getByText('You are not logged in').waitFor();
    // Opening the site logged out logs nothing at all, not even the 401 of GET /api/me/ (issue 15).
    expect(carol.problems.expected).toEqual([]);
    await seat(page, 'B3').click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('returnUrl')).toMatch(/^\/events\//);

    // A wrong password is said in words (a 401 the console may log), then register instead.
    await page.getByLabel('Username').fill('carol');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Register' }).waitFor();
    await page.getByLabel('Username').fill('carol');
    await page.getByLabel('Password').fill('carol-secret-1');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByTitle('Logged in as carol').waitFor();
    // Back on the seat map she came from.
    await page.locator('.map button').first().waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/events\//);

    await seat(page, 'B3').click();
    await waitForSeat(page, 'B3', 'locked by you');
    await page.getByRole('button', { name: 'Reserve', exact: true }).click();
    await waitForMessage(page, 'status', 'Reservation confirmed: B3, 50.00 EUR');

    await page.getByRole('link', { name: 'My reservations', exact: true }).click();
    const reservation = page.locator('.reservation', { hasText: 'B3' });
    await reservation.getByRole('button', { name: 'Cancel', exact: true }).click();
    await reservation.getByRole('button', { name: 'Yes, cancel', exact: true }).click();
    await reservation.locator('.status', { hasText: 'cancelled' }).waitFor();

    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.getByRole('link', { name: 'Log in', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.getByRole('link', { name: 'Concert XYZ', exact: true }).waitFor();

    expect(carol.problems.csp).toEqual([]);
    // The watcher heard the failed login's 401 (an expected resource error), so it was listening.
    expect(carol.problems.expected.some((text) => text.includes('status of 401'))).toBe(true);
    suite.assertNoProblems();
  });

  it('notices a CSP violation when there is one (the watcher works)', async () => {
    const probe = await newPerson(suite.browser, 'probe');
    try {
      await probe.page.goto(`${suite.app.url}/events`);
      await probe.page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
      const ran = await probe.page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.appendChild(script);
        return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      });
      expect(ran).toBe(false);
      // Chromium's own message and the securitypolicyviolation event both reach the watcher.
      const deadline = Date.now() + 5_000;
      while (probe.problems.csp.length < 2 && Date.now() < deadline) {
        await probe.page.waitForTimeout(50);
      }
      // (Chromium's wording changes between versions: "Refused to execute inline script because it
      // violates ...", "Executing inline script violates ..."; both name the policy and the directive.)
      const [own, chromiums] = [
        probe.problems.csp.filter((text) => text.startsWith('Content Security Policy violation: ')),
        probe.problems.csp.filter((text) => !text.startsWith('Content Security Policy violation: ')),
      ];
      expect(chromiums.some((text) => /inline script/i.test(text) && text.includes("script-src 'self'"))).toBe(true);
      expect(own.some((text) => /^Content Security Policy violation: script-src/.test(text))).toBe(true);
      expect(() => probe.problems.assertNone('probe')).toThrow(/CSP violation/);
    } finally {
      await probe.context.close();
    }
  });
});
