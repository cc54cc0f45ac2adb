import { BehaviorSubject, Subject } from 'rxjs';
import { pollTriggers } from './poll-triggers';

describe('pollTriggers', () => {
  let visible: BehaviorSubject<boolean>;
  let refresh: Subject<void>;
  let polls: number;

  beforeEach(() => {
    jest.useFakeTimers();
    visible = new BehaviorSubject(true);
    refresh = new Subject<void>();
    polls = 0;
  });

  afterEach(() => jest.useRealTimers());

  function start(): () => void {
    const subscription = pollTriggers(visible, refresh, 3000).subscribe(() => polls++);
    return () => subscription.unsubscribe();
  }

  it('reads at once, then every 3 seconds while the page is visible', () => {
    const stop = start();
    expect(polls).toBe(1);
    jest.advanceTimersByTime(9000);
    expect(polls).toBe(4);
    stop();
  });

  it('does not read while the page is hidden', () => {
    const stop = start();
    visible.next(false);
    jest.advanceTimersByTime(30_000);
    expect(polls).toBe(1);
    stop();
  });

  it('reads once at start even in a hidden tab, so the map is there when it is shown', () => {
    visible.next(false);
    const stop = start();
    expect(polls).toBe(1);
    jest.advanceTimersByTime(30_000);
    expect(polls).toBe(1);
    stop();
  });

  it('reads at once when the page becomes visible again, then every 3 seconds', () => {
    const stop = start();
    visible.next(false);
    jest.advanceTimersByTime(10_000);
    visible.next(true);
    expect(polls).toBe(2);
    jest.advanceTimersByTime(3000);
    expect(polls).toBe(3);
    stop();
  });

  it('reads at once when asked after the person’s own action', () => {
    const stop = start();
    refresh.next();
    expect(polls).toBe(2);
    stop();
  });
});
