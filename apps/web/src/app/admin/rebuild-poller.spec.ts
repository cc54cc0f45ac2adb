import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { RebuildStatus } from './admin-api';
import { RebuildPanel } from './rebuild-panel';
import { RebuildPoller } from './rebuild-poller';

const URL = '/api/admin/projections/rebuild/';
const running = (progress: number, eventsReplayed: number): RebuildStatus => ({
  status: 'running',
  eventsReplayed,
  progress,
  startedAt: '2026-12-22T10:00:00.000Z',
  finishedAt: null,
  eventsPerSecond: null,
});
const done = (eventsReplayed: number, eventsPerSecond: number): RebuildStatus => ({
  ...running(1, eventsReplayed),
  status: 'done',
  finishedAt: '2026-12-22T10:00:02.000Z',
  eventsPerSecond,
});
const idle: RebuildStatus = { status: 'idle', eventsReplayed: 0, progress: 0, startedAt: null, finishedAt: null, eventsPerSecond: null };

describe('rebuild poller', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), RebuildPoller] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const polls = () => http.match({ method: 'GET', url: URL });

  it('starts with a POST, then reads the status every 500 ms until the rebuild is done', async () => {
    const poller = TestBed.inject(RebuildPoller);
    const started = poller.start();
    http.expectOne({ method: 'POST', url: URL }).flush({ rebuild: running(0, 0) }, { status: 202, statusText: 'Accepted' });
    await started;
    expect(poller.running()).toBe(true);

    await jest.advanceTimersByTimeAsync(499);
    expect(polls()).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    const first = polls();
    expect(first).toHaveLength(1);
    first[0].flush({ rebuild: running(0.5, 2000) });
    await jest.advanceTimersByTimeAsync(0);
    expect(poller.status()).toEqual(running(0.5, 2000));

    await jest.advanceTimersByTimeAsync(500);
    const second = polls();
    expect(second).toHaveLength(1);
    second[0].flush({ rebuild: done(4000, 8000) });
    await jest.advanceTimersByTimeAsync(0);
    expect(poller.status()?.status).toBe('done');
    expect(poller.running()).toBe(false);

    await jest.advanceTimersByTimeAsync(5000);
    expect(polls()).toHaveLength(0);
  });

  it('never has two reads under way: the next waits 500 ms after the answer', async () => {
    const poller = TestBed.inject(RebuildPoller);
    const started = poller.start();
    http.expectOne({ method: 'POST', url: URL }).flush({ rebuild: running(0, 0) }, { status: 202, statusText: 'Accepted' });
    await started;
    await jest.advanceTimersByTimeAsync(500);
    const slow = polls();
    await jest.advanceTimersByTimeAsync(3000);
    expect(polls()).toHaveLength(0);
    slow[0].flush({ rebuild: running(0.1, 10) });
    await jest.advanceTimersByTimeAsync(500);
    polls()[0].flush({ rebuild: done(10, 100) });
    await jest.advanceTimersByTimeAsync(0);
  });

  it('keeps polling through a failed read while the rebuild runs, and says the read failed', async () => {
    const poller = TestBed.inject(RebuildPoller);
    const started = poller.start();
    http.expectOne({ method: 'POST', url: URL }).flush({ rebuild: running(0, 0) }, { status: 202, statusText: 'Accepted' });
    await started;
    await jest.advanceTimersByTimeAsync(500);
    polls()[0].flush({ code: 'unavailable', detail: 'The read store is down.' }, { status: 503, statusText: 'Service Unavailable' });
    await jest.advanceTimersByTimeAsync(0);
    expect(poller.error()).toBe('The read store is down.');
    await jest.advanceTimersByTimeAsync(500);
    polls()[0].flush({ rebuild: done(5, 50) });
    await jest.advanceTimersByTimeAsync(0);
    expect(poller.error()).toBeNull();
    expect(poller.status()?.status).toBe('done');
  });

  it('stops polling when stopped (the page was left)', async () => {
    const poller = TestBed.inject(RebuildPoller);
    const started = poller.start();
    http.expectOne({ method: 'POST', url: URL }).flush({ rebuild: running(0, 0) }, { status: 202, statusText: 'Accepted' });
    await started;
    poller.stop();
    await jest.advanceTimersByTimeAsync(2000);
    expect(polls()).toHaveLength(0);
  });
});

describe('rebuild panel', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    TestBed.configureTestingModule({ imports: [RebuildPanel], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('shows a progress bar with the percentage and the events replayed, then "Done: N events at M events/s"', async () => {
    const fixture = TestBed.createComponent(RebuildPanel);
    const root = fixture.nativeElement as HTMLElement;
    http.expectOne({ method: 'GET', url: URL }).flush({ rebuild: idle });
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    expect(root.querySelector('progress')).toBeNull();

    const button = root.querySelector('button')!;
    expect(button.textContent?.trim()).toBe('Rebuild read models');
    button.click();
    http.expectOne({ method: 'POST', url: URL }).flush({ rebuild: running(0, 0) }, { status: 202, statusText: 'Accepted' });
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    expect(button.disabled).toBe(true);

    await jest.advanceTimersByTimeAsync(500);
    http.expectOne({ method: 'GET', url: URL }).flush({ rebuild: running(0.256, 12345) });
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    const progress = root.querySelector('progress')!;
    expect(progress.value).toBe(25);
    expect(progress.max).toBe(100);
    expect(root.querySelector(`label[for="${progress.id}"]`)?.textContent).toBe('Rebuild progress');
    expect(progress.getAttribute('aria-valuetext')).toBe('25%, 12,345 events replayed');
    expect(root.querySelector('.progress-text')?.textContent?.trim()).toBe('25% · 12,345 events replayed');

    await jest.advanceTimersByTimeAsync(500);
    http.expectOne({ method: 'GET', url: URL }).flush({ rebuild: done(48210, 96420) });
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    expect(root.querySelector('progress')).toBeNull();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('Done: 48,210 events at 96,420 events/s.');
    expect(button.disabled).toBe(false);
  });

  it('follows a rebuild already running when the page opens', async () => {
    const fixture = TestBed.createComponent(RebuildPanel);
    http.expectOne({ method: 'GET', url: URL }).flush({ rebuild: running(0.5, 10) });
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('progress')?.value).toBe(50);
    await jest.advanceTimersByTimeAsync(500);
    http.expectOne({ method: 'GET', url: URL }).flush({ rebuild: { ...done(10, 20), status: 'failed', eventsPerSecond: null } });
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent).toContain('The rebuild failed');
  });
});
