// When to read the seat grid: once at start whatever the page's visibility (so a tab opened in the
// background still has its map), then every interval while the page is visible, never while it is
// hidden, at once when it is shown again, and at once whenever the person's own action asks.
import { EMPTY, Observable, distinctUntilChanged, interval, map, merge, of, switchMap } from 'rxjs';

export const POLL_INTERVAL_MS = 3000;

export function pollTriggers(visible$: Observable<boolean>, refresh$: Observable<unknown>, intervalMs = POLL_INTERVAL_MS): Observable<void> {
  const whileVisible = visible$.pipe(
    distinctUntilChanged(),
    switchMap((visible, index) => {
      if (!visible) {
        return EMPTY;
      }
      return index === 0 ? interval(intervalMs) : merge(of(0), interval(intervalMs));
    }),
  );
  // The first read is synchronous (not timer(0)): on page load every millisecond counts.
  return merge(of(0), whileVisible, refresh$).pipe(map(() => undefined));
}
