import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { SessionStore } from '../session/session-store';
import { canAdminister, canAudit, requireRole } from './roles';

const user = (roles: string[]) => ({ id: 'u1', username: 'pat', roles });

describe('roles', () => {
  it('lets admins administer, and auditors and admins audit', () => {
    expect(canAdminister(user(['admin']))).toBe(true);
    expect(canAdminister(user(['auditor']))).toBe(false);
    expect(canAudit(user(['auditor']))).toBe(true);
    expect(canAudit(user(['admin']))).toBe(true);
    expect(canAudit(user(['user']))).toBe(false);
    expect(canAudit(null)).toBe(false);
  });
});

describe('requireRole', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  async function logIn(roles: string[]): Promise<void> {
    const login = TestBed.inject(SessionStore).login('pat', 'secret123');
    http.expectOne('/api/login/').flush({ user: user(roles) });
    await login;
  }

  const run = (url: string, ...roles: Parameters<typeof requireRole>) =>
    TestBed.runInInjectionContext(() => requireRole(...roles)({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot));
  const serialise = (result: unknown) => TestBed.inject(Router).serializeUrl(result as UrlTree);

  it('sends an anonymous visitor to "Log in", and back afterwards', () => {
    expect(serialise(run('/audit', 'auditor', 'admin'))).toBe('/login?returnUrl=%2Faudit');
  });

  it('sends someone without the role to the events', async () => {
    await logIn(['user', 'auditor']);
    expect(serialise(run('/admin', 'admin'))).toBe('/events');
  });

  it('lets someone with any of the roles in', async () => {
    await logIn(['admin']);
    expect(run('/audit', 'auditor', 'admin')).toBe(true);
  });
});
