import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { seat } from '../../testing/seats';
import { SeatGridAnswer, SeatsApi } from './seats-api';

describe('SeatsApi', () => {
  let api: SeatsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(SeatsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const body = { eventId: 'e1', serverTime: '2026-12-22T10:00:00.000Z', seats: [seat('A1')] };

  it('asks without If-None-Match the first time and keeps the ETag it is given', async () => {
    const answer = firstValueFrom(api.grid('e1', null));
    const request = http.expectOne('/api/events/e1/seats/');
    expect(request.request.headers.has('If-None-Match')).toBe(false);
    request.flush(body, { headers: { ETag: '"v1"', Date: 'Tue, 22 Dec 2026 10:00:00 GMT' } });
    await expect(answer).resolves.toEqual<SeatGridAnswer>({
      changed: true,
      snapshot: body,
      etag: '"v1"',
      date: 'Tue, 22 Dec 2026 10:00:00 GMT',
    });
  });

  it('sends the ETag it holds as If-None-Match', () => {
    api.grid('e1', '"v1"').subscribe();
    const request = http.expectOne('/api/events/e1/seats/');
    expect(request.request.headers.get('If-None-Match')).toBe('"v1"');
    request.flush(body, { headers: { ETag: '"v2"' } });
  });

  it('turns a 304, which HttpClient reports as an error, into "unchanged" with the old ETag', async () => {
    const answer = firstValueFrom(api.grid('e1', '"v1"'));
    http
      .expectOne('/api/events/e1/seats/')
      .flush(null, { status: 304, statusText: 'Not Modified', headers: { Date: 'Tue, 22 Dec 2026 10:00:03 GMT' } });
    await expect(answer).resolves.toEqual<SeatGridAnswer>({ changed: false, etag: '"v1"', date: 'Tue, 22 Dec 2026 10:00:03 GMT' });
  });

  it('passes real errors on', async () => {
    const answer = firstValueFrom(api.grid('e1', '"v1"'));
    http.expectOne('/api/events/e1/seats/').flush({ code: 'not_found' }, { status: 404, statusText: 'Not Found' });
    await expect(answer).rejects.toMatchObject({ status: 404 });
  });

  it('locks a seat with a POST to its lock path and returns the seat', async () => {
    const locked = seat('A1', { status: 'locked', mine: true, lockedBy: 'alice', lockedUntil: '2026-12-22T10:05:00.000Z' });
    const answer = firstValueFrom(api.lock('e1', 'seat-A1'));
    const request = http.expectOne('/api/events/e1/seats/seat-A1/lock/');
    expect(request.request.method).toBe('POST');
    request.flush({ seat: locked });
    await expect(answer).resolves.toEqual(locked);
  });
});
