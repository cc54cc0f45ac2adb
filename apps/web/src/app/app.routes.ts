import { Routes } from '@angular/router';
import { requireRole } from './admin/roles';
import { ShowSeats } from './seats/show-seats';
import { requireLogin } from './session/require-login';
import { ShowList } from './shows/show-list';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'events' },
  {
    path: 'events',
    title: 'Events · Tessera',
    component: ShowList,
  },
  {
    path: 'events/:id',
    title: 'Seats · Tessera',
    // Eager, not lazy: the seat map is the app's main page and a lazy chunk would cost one more
    // round trip (and its shared chunks another) before the seats are even requested.
    component: ShowSeats,
  },
  {
    path: 'reservations',
    title: 'My reservations · Tessera',
    canActivate: [requireLogin],
    loadComponent: () => import('./reservations/my-reservations').then((m) => m.MyReservations),
  },
  {
    path: 'admin',
    title: 'Admin · Tessera',
    canActivate: [requireRole('admin')],
    loadComponent: () => import('./admin/admin-page').then((m) => m.AdminPage),
  },
  {
    // The box office's page of one event; its own lazy chunk, the only one that carries Chart.js.
    path: 'admin/events/:id',
    title: 'Event · Admin · Tessera',
    canActivate: [requireRole('admin')],
    loadComponent: () => import('./admin/event/admin-event-page').then((m) => m.AdminEventPage),
  },
  {
    path: 'audit',
    title: 'Audit · Tessera',
    canActivate: [requireRole('auditor', 'admin')],
    loadComponent: () => import('./audit/audit-page').then((m) => m.AuditPage),
  },
  {
    path: 'login',
    title: 'Log in · Tessera',
    loadComponent: () => import('./session/login').then((m) => m.Login),
  },
  {
    path: 'register',
    title: 'Register · Tessera',
    loadComponent: () => import('./session/register').then((m) => m.Register),
  },
  { path: '**', redirectTo: 'events' },
];
