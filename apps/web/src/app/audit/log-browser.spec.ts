import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { AuditEntry } from './audit-api';
import { LogBrowser } from './log-browser';

const entry = (n: number, stream: string, type: string, userId: string): AuditEntry => ({
  position: `${n}-${n}`,
  stream,
  type,
  data: {},
  metadata: { userId, correlationId: `c${n}`, causationId: `c${n}` },
  recordedAt: `2026-12-22T10:00:0${n}.000Z`,
});

describe('Log browser', () => {
  let fixture: ComponentFixture<LogBrowser>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const rows = () => Array.from(root.querySelectorAll('tbody tr')).map((row) => row.querySelectorAll('td')[0].textContent?.trim());
  const loadMore = () => Array.from(root.querySelectorAll('button')).find((button) => button.textContent?.trim() === 'Load more');
  const filter = async (id: string, value: string, event = 'input') => {
    const field = root.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
    field.value = value;
    field.dispatchEvent(new Event(event));
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [LogBrowser], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LogBrowser);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http
      .expectOne((request) => request.url === '/api/audit/log/' && !request.params.has('from') && request.params.get('limit') === '100')
      .flush({ entries: [entry(1, 'user-u1', 'UserRegistered', 'system'), entry(2, 'show-e1', 'ShowScheduled', 'u-admin')], next: '2-2' });
    await settle();
  });

  afterEach(() => http.verify());

  it('shows the first page, then the next one after "Load more", until the end', async () => {
    expect(rows()).toEqual(['1-1', '2-2']);
    loadMore()!.click();
    await fixture.whenStable();
    http
      .expectOne((request) => request.url === '/api/audit/log/' && request.params.get('from') === '2-2')
      .flush({ entries: [entry(3, 'seat-e1-A1', 'SeatLocked', 'u-alice')], next: null });
    await settle();
    expect(rows()).toEqual(['1-1', '2-2', '3-3']);
    expect(loadMore()).toBeUndefined();
    expect(root.textContent).toContain('End of the history.');
  });

  it('filters the loaded entries by stream, type and user id', async () => {
    loadMore()!.click();
    await fixture.whenStable();
    http.expectOne((request) => request.params.get('from') === '2-2').flush({
      entries: [entry(3, 'seat-e1-A1', 'SeatLocked', 'u-alice'), entry(4, 'seat-e1-A1', 'SeatReleased', 'system')],
      next: null,
    });
    await settle();
    const typeChoices = Array.from(root.querySelectorAll('#log-type option')).map((option) => option.textContent?.trim());
    expect(typeChoices).toEqual(['Any type', 'SeatLocked', 'SeatReleased', 'ShowScheduled', 'UserRegistered']);

    await filter('log-stream', 'seat-');
    expect(rows()).toEqual(['3-3', '4-4']);
    await filter('log-user', 'system');
    expect(rows()).toEqual(['4-4']);
    await filter('log-user', '');
    await filter('log-type', 'SeatLocked', 'change');
    expect(rows()).toEqual(['3-3']);
    expect(root.querySelector('.count')?.textContent).toContain('Showing 1 of 4 loaded entries (the whole history).');
  });

  it('labels every filter', () => {
    for (const field of Array.from(root.querySelectorAll('input, select'))) {
      expect(root.querySelector(`label[for="${field.id}"]`)).not.toBeNull();
    }
  });
});
