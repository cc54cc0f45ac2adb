// How far the server's clock is ahead of the browser's (server minus browser, in ms).
// Lock deadlines come from the server, so countdowns must be measured on the server's clock.

/**
 * From `serverTime` in a response body. The server stamped it somewhere between the moment the
 * request left and the moment the answer arrived; the midpoint halves the network delay's error.
 */
export function offsetFromServerTime(serverTimeIso: string, sentAtMs: number, receivedAtMs: number): number | null {
  const serverMs = Date.parse(serverTimeIso);
  if (Number.isNaN(serverMs)) {
    return null;
  }
  return serverMs - (sentAtMs + receivedAtMs) / 2;
}

/**
 * From a `Date` header (whole seconds only). The true server time at arrival lies within
 * [date, date + 1 s + network delay), so a known offset that already fits is kept (it is more
 * precise); otherwise, or when none is known, the middle of the second is taken.
 */
export function offsetFromDateHeader(
  dateHeader: string | null,
  receivedAtMs: number,
  currentOffsetMs: number | null,
): number | null {
  if (!dateHeader) {
    return currentOffsetMs;
  }
  const dateMs = Date.parse(dateHeader);
  if (Number.isNaN(dateMs)) {
    return currentOffsetMs;
  }
  const lowest = dateMs - receivedAtMs - SLACK_MS;
  const highest = dateMs + 1000 - receivedAtMs + SLACK_MS;
  if (currentOffsetMs !== null && currentOffsetMs >= lowest && currentOffsetMs <= highest) {
    return currentOffsetMs;
  }
  return dateMs + 500 - receivedAtMs;
}

/** Allowance for the time between the server writing the header and the browser reading it. */
const SLACK_MS = 250;
