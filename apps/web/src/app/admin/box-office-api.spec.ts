import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { seat } from '../../testing/seats';
import { AdminApi } from './admin-api';
import { BoxOfficeApi, attendeesUrl } from './box-office-api';

describe('BoxOfficeApi', () => {
  let api: BoxOfficeApi;
  let http: HttpTestingController;
  const event = { id: 'e 1', name: 'Concert XYZ' };

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(BoxOfficeApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('changes only the details given, with PATCH, and answers the event', async () => {
    const answer = firstValueFrom(api.changeEvent('e 1', { venue: 'Main Hall' }));
    const request = http.expectOne('/api/admin/events/e%201/');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ venue: 'Main Hall' });
    request.flush({ event });
    expect(await answer).toEqual(event);
  });

  it('closes and reopens sales with { open }', async () => {
    const closed = firstValueFrom(api.setSalesOpen('e1', false));
    const close = http.expectOne('/api/admin/events/e1/sales/');
    expect([close.request.method, close.request.body]).toEqual(['POST', { open: false }]);
    close.flush({ event: { ...event, salesOpen: false } });
    expect((await closed).id).toBe('e 1');

    void firstValueFrom(api.setSalesOpen('e1', true));
    expect(http.expectOne('/api/admin/events/e1/sales/').request.body).toEqual({ open: true });
  });

  it('cancels an event with its reason', async () => {
    const answer = firstValueFrom(api.cancelEvent('e1', 'The artist is ill'));
    const request = http.expectOne('/api/admin/events/e1/cancel/');
    expect([request.request.method, request.request.body]).toEqual(['POST', { reason: 'The artist is ill' }]);
    request.flush({ event: { ...event, status: 'cancelled' } });
    expect((await answer) as unknown).toEqual({ ...event, status: 'cancelled' });
  });

  it('blocks a seat with a reason and unblocks it with no body', async () => {
    const blocked = firstValueFrom(api.blockSeat('e1', 'seat-A1', 'House seat'));
    const block = http.expectOne('/api/admin/events/e1/seats/seat-A1/block/');
    expect([block.request.method, block.request.body]).toEqual(['POST', { reason: 'House seat' }]);
    block.flush({ seat: seat('A1', { status: 'blocked' }) });
    expect((await blocked).status).toBe('blocked');

    const unblocked = firstValueFrom(api.unblockSeat('e1', 'seat-A1'));
    const unblock = http.expectOne('/api/admin/events/e1/seats/seat-A1/unblock/');
    expect([unblock.request.method, unblock.request.body]).toEqual(['POST', null]);
    unblock.flush({ seat: seat('A1') });
    expect((await unblocked).status).toBe('available');
  });

  it('reads the sales figures of an event', async () => {
    const figures = { categories: [], daily: [] };
    const answer = firstValueFrom(api.sales('e1'));
    http.expectOne({ method: 'GET', url: '/api/admin/events/e1/sales/' }).flush(figures);
    expect(await answer).toEqual(figures);
  });

  it('searches bookings with only the filters given, a page at a time', async () => {
    const first = firstValueFrom(api.searchReservations({ eventId: 'e1', username: ' alice ', status: '' }));
    const request = http.expectOne((r) => r.url === '/api/admin/reservations/');
    expect(request.request.method).toBe('GET');
    expect(request.request.params.keys().sort()).toEqual(['eventId', 'limit', 'username']);
    expect(request.request.params.get('eventId')).toBe('e1');
    expect(request.request.params.get('username')).toBe('alice');
    expect(request.request.params.get('limit')).toBe('20');
    request.flush({ reservations: [], next: 'cursor-2' });
    expect(await first).toEqual({ reservations: [], next: 'cursor-2' });

    void firstValueFrom(api.searchReservations({ status: 'cancelled' }, 'cursor-2'));
    const next = http.expectOne((r) => r.url === '/api/admin/reservations/');
    expect(next.request.urlWithParams).toBe('/api/admin/reservations/?status=cancelled&from=cursor-2&limit=20');
  });

  it('cancels a booking on the customer\'s behalf with a reason', async () => {
    const answer = firstValueFrom(api.cancelReservation('r1', 'Double booking'));
    const request = http.expectOne('/api/admin/reservations/r1/cancel/');
    expect([request.request.method, request.request.body]).toEqual(['POST', { reason: 'Double booking' }]);
    request.flush({ reservation: { id: 'r1', status: 'cancelled', cancelledBy: 'admin', reason: 'Double booking' } });
    expect((await answer).cancelledBy).toBe('admin');
  });

  it('links the attendee list of an event', () => {
    expect(attendeesUrl('e 1')).toBe('/api/admin/events/e%201/attendees.csv');
  });
});

describe('AdminApi.changeUser', () => {
  it('patches only what changes and answers the user', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const answer = firstValueFrom(TestBed.inject(AdminApi).changeUser('u2', { disabled: true }));
    const request = http.expectOne('/api/admin/users/u2/');
    expect([request.request.method, request.request.body]).toEqual(['PATCH', { disabled: true }]);
    request.flush({ user: { id: 'u2', username: 'alice', roles: ['user'], createdAt: '2026-12-01T10:00:00.000Z', disabled: true } });
    expect((await answer).disabled).toBe(true);
    http.verify();
  });
});
