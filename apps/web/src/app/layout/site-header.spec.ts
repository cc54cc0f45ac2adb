import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { SessionStore } from '../session/session-store';
import { SiteHeader } from './site-header';

describe('SiteHeader', () => {
  let fixture: ComponentFixture<SiteHeader>;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [SiteHeader],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SiteHeader);
  });

  const links = () => Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('a')).map((a) => a.textContent?.trim());
  const buttons = () => Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('button')).map((b) => b.textContent?.trim());

  async function logIn(username = 'alice', roles: string[] = ['user']): Promise<void> {
    const login = TestBed.inject(SessionStore).login(username, 'secret123');
    http.expectOne('/api/login/').flush({ user: { id: `u-${username}`, username, roles } });
    await login;
    fixture.detectChanges();
  }

  it('shows the product name, "Events" and "Log in" to a visitor', () => {
    fixture.detectChanges();
    expect(links()).toEqual(['Tessera', 'Events', 'Log in']);
    expect(buttons()).toEqual([]);
  });

  it('shows the username, "My reservations" and a "Log out" button once logged in', async () => {
    await logIn();
    expect(links()).toEqual(['Tessera', 'Events', 'My reservations']);
    expect((fixture.nativeElement as HTMLElement).querySelector('.user')?.textContent).toContain('alice');
    expect(buttons()).toEqual(['Log out']);
  });

  it('logs out on the server and shows "Log in" again', async () => {
    await logIn();
    const navigated = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    (fixture.nativeElement as HTMLElement).querySelector('button')!.click();
    http.expectOne('/api/logout/').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(links()).toEqual(['Tessera', 'Events', 'Log in']);
    expect(navigated).toHaveBeenCalledWith('/events');
  });

  describe('links by role', () => {
    it('offers neither "Admin" nor "Audit" to a user', async () => {
      await logIn('alice', ['user']);
      expect(links()).not.toContain('Admin');
      expect(links()).not.toContain('Audit');
    });

    it('offers "Audit" but not "Admin" to an auditor', async () => {
      await logIn('auditor', ['auditor']);
      expect(links()).toEqual(['Tessera', 'Events', 'My reservations', 'Audit']);
    });

    it('offers "Admin" and "Audit" to an admin, who may do everything an auditor may', async () => {
      await logIn('admin', ['admin']);
      expect(links()).toEqual(['Tessera', 'Events', 'My reservations', 'Admin', 'Audit']);
      const hrefs = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('a')).map((a) => a.getAttribute('href'));
      expect(hrefs).toContain('/admin');
      expect(hrefs).toContain('/audit');
    });

    it('takes the links away on logging out', async () => {
      await logIn('admin', ['admin', 'user']);
      TestBed.inject(SessionStore).forget();
      fixture.detectChanges();
      expect(links()).toEqual(['Tessera', 'Events', 'Log in']);
    });
  });
});
