// When the server refuses an unsafe request with `csrf_failed` (for example after the session
// behind the token expired), fetch a fresh token once and repeat the request with it.
import {
  HttpBackend,
  HttpErrorResponse,
  HttpEvent,
  HttpEventType,
  HttpInterceptorFn,
  HttpRequest,
  HttpResponse,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { Observable, catchError, filter, map, switchMap, throwError } from 'rxjs';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const XSRF_HEADER = 'X-XSRF-TOKEN';

export const csrfRetryInterceptor: HttpInterceptorFn = (request, next) => {
  if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) {
    return next(request);
  }
  const backend = inject(HttpBackend);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (!isCsrfFailure(error)) {
        return throwError(() => error);
      }
      return freshToken(backend).pipe(
        switchMap((token) => next(request.clone({ setHeaders: { [XSRF_HEADER]: token } }))),
      );
    }),
  );
};

function isCsrfFailure(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse) || error.status !== 403) {
    return false;
  }
  const body: unknown = error.error;
  return typeof body === 'object' && body !== null && (body as { code?: unknown }).code === 'csrf_failed';
}

function freshToken(backend: HttpBackend): Observable<string> {
  return backend.handle(new HttpRequest('GET', '/api/csrf/')).pipe(
    filter((event: HttpEvent<unknown>): event is HttpResponse<unknown> => event.type === HttpEventType.Response),
    map((response) => {
      const body = response.body as { csrfToken?: unknown } | null;
      if (typeof body?.csrfToken !== 'string') {
        throw new Error('The server sent no CSRF token');
      }
      return body.csrfToken;
    }),
  );
}
