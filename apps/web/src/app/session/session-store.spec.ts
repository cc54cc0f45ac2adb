import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SessionStore } from './session-store';

describe('SessionStore.start', () => {
  let store: SessionStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    store = TestBed.inject(SessionStore);
    http = TestBed.inject(HttpTestingController);
    // The server's logged-in hint, as a browser holding a logged-in session has it.
    document.cookie = 'tessera.user=1; path=/';
  });

  afterEach(() => {
    document.cookie = 'tessera.user=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    http.verify();
  });

  it('does not ask /api/me when the logged-in hint is absent, so an anonymous visitor\'s console stays clean', async () => {
    document.cookie = 'tessera.user=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    const started = store.start();
    http.expectOne('/api/csrf/').flush({ csrfToken: 't' });
    http.expectNone('/api/me/');
    await started;
    expect(store.loggedIn()).toBe(false);
  });

  it('fetches the CSRF cookie and the current user', async () => {
    const started = store.start();
    http.expectOne('/api/csrf/').flush({ csrfToken: 't' });
    http.expectOne('/api/me/').flush({ user: { id: 'u1', username: 'alice', roles: ['user'] } });
    await started;
    expect(store.user()?.username).toBe('alice');
    expect(store.loggedIn()).toBe(true);
  });

  it('treats a 401 from /api/me as an anonymous visitor', async () => {
    const started = store.start();
    http.expectOne('/api/csrf/').flush({ csrfToken: 't' });
    http.expectOne('/api/me/').flush({ code: 'unauthenticated' }, { status: 401, statusText: 'Unauthorized' });
    await started;
    expect(store.loggedIn()).toBe(false);
  });

  it('still starts, anonymous, when the server cannot be reached', async () => {
    const started = store.start();
    http.expectOne('/api/csrf/').error(new ProgressEvent('error'));
    http.expectOne('/api/me/').error(new ProgressEvent('error'));
    await expect(started).resolves.toBeUndefined();
    expect(store.user()).toBeNull();
  });
});
