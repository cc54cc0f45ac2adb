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
