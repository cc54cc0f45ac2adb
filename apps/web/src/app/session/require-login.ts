// Route guard: pages of a logged-in user send anonymous visitors to "Log in" and back afterwards.
import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session-store';

export const requireLogin: CanActivateFn = (_route, state) =>
  inject(SessionStore).loggedIn() ||
  inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
