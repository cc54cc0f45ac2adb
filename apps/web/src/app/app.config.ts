import { provideHttpClient, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding, withDisabledInitialNavigation } from '@angular/router';
import { csrfRetryInterceptor } from './api/csrf-retry.interceptor';
import { routes } from './app.routes';
import { SessionStore } from './session/session-store';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // main.ts starts the first navigation in a task of its own, after the root's first render.
    provideRouter(routes, withComponentInputBinding(), withDisabledInitialNavigation()),
    provideHttpClient(
      withXsrfConfiguration({ cookieName: 'XSRF-TOKEN', headerName: 'X-XSRF-TOKEN' }),
      withInterceptors([csrfRetryInterceptor]),
    ),
    // The CSRF cookie and the current user are known before the first screen renders.
    provideAppInitializer(() => inject(SessionStore).start()),
  ],
};
