import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { csrfRetryInterceptor } from './csrf-retry.interceptor';

describe('csrfRetryInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([csrfRetryInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('fetches a fresh token once after csrf_failed and repeats the request with it', async () => {
    const result = firstValueFrom(http.post<{ ok: boolean }>('/api/logout/', null));
    backend.expectOne('/api/logout/').flush({ code: 'csrf_failed' }, { status: 403, statusText: 'Forbidden' });
    backend.expectOne('/api/csrf/').flush({ csrfToken: 'fresh' });
    const retry = backend.expectOne('/api/logout/');
    expect(retry.request.headers.get('X-XSRF-TOKEN')).toBe('fresh');
    retry.flush({ ok: true });
    await expect(result).resolves.toEqual({ ok: true });
  });

  it('leaves other refusals alone', async () => {
    const result = firstValueFrom(http.post('/api/events/e1/reserve/', {}));
    backend.expectOne('/api/events/e1/reserve/').flush({ code: 'forbidden' }, { status: 403, statusText: 'Forbidden' });
    await expect(result).rejects.toMatchObject({ status: 403 });
  });
});
