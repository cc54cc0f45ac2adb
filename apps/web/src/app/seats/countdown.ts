// Countdown arithmetic for held seats, on the server's clock (browser clock + offset).

/** "04:59": whole seconds left, rounded down, never below "00:00". */
export function formatCountdown(remainingMs: number): string {
  if (!Number.isFinite(remainingMs)) {
    return '--:--';
  }
  const totalSeconds = Math.max(0, Math.floor(remainingMs / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * How long the ticker waits before its next beat: until the next moment any held seat's
 * countdown text changes (a whole second of its remaining time runs out) or any lock ends, at
 * most one second. So "00:00" appears on time and every seat frees itself the instant its lock ends.
 */
export function delayToNextTick(heldDeadlines: readonly number[], serverNowMs: number, nextLockEnd: number | null = null): number {
  let delay = nextLockEnd !== null && nextLockEnd > serverNowMs ? Math.min(1000, nextLockEnd - serverNowMs) : 1000;
  for (const deadline of heldDeadlines) {
    const remaining = deadline - serverNowMs;
    if (remaining > 0) {
      const untilNextSecond = remaining % 1000 || 1000;
      delay = Math.min(delay, untilNextSecond);
    }
  }
  return delay + TIMER_SLACK_MS;
}

/** The first lock deadline still ahead, or null. */
export function nextDeadline(sortedDeadlines: readonly number[], serverNowMs: number): number | null {
  const passed = countPassed(sortedDeadlines, serverNowMs);
  return passed < sortedDeadlines.length ? sortedDeadlines[passed] : null;
}

/**
 * The latest lock deadline that has passed: a clock that only moves when some lock expires.
 * Deriving every seat's state from it instead of from the ticking clock means the 10,000-seat
 * view is rebuilt only when a lock actually ends, not every second.
 */
export function latestPassedDeadline(sortedDeadlines: readonly number[], serverNowMs: number): number {
  const passed = countPassed(sortedDeadlines, serverNowMs);
  return passed === 0 ? Number.NEGATIVE_INFINITY : sortedDeadlines[passed - 1];
}

/** How many of the sorted deadlines are at or before now (binary search). */
function countPassed(sortedDeadlines: readonly number[], serverNowMs: number): number {
  let low = 0;
  let high = sortedDeadlines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sortedDeadlines[middle] <= serverNowMs) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Timers may fire a hair early against Date.now(); landing just after the boundary is what counts. */
const TIMER_SLACK_MS = 5;
