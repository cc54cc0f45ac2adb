import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Login } from './login';
import { SessionStore } from './session-store';

describe('Login page', () => {
  let fixture: ComponentFixture<Login>;
  let http: HttpTestingController;
  let navigated: jest.SpyInstance;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [Login],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    navigated = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(Login);
    fixture.componentRef.setInput('returnUrl', '/events/e1');
    fixture.detectChanges();
  });

  const root = () => fixture.nativeElement as HTMLElement;
  const field = (label: string) => {
    const id = Array.from(root().querySelectorAll('label')).find((l) => l.textContent === label)!.htmlFor;
    return root().querySelector<HTMLInputElement>(`#${id}`)!;
  };

  function submit(username: string, password: string): void {
    field('Username').value = username;
    field('Password').value = password;
    root().querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  }

  it('has labelled Username and Password fields and a "Log in" button', () => {
    expect(field('Username').autocomplete).toBe('username');
    expect(field('Password').type).toBe('password');
    expect(root().querySelector('button[type="submit"]')?.textContent?.trim()).toBe('Log in');
  });

  it('logs in and goes back to the page that sent the person here', async () => {
    submit('alice', 'alice123');
    const request = http.expectOne('/api/login/');
    expect(request.request.body).toEqual({ username: 'alice', password: 'alice123' });
    request.flush({ user: { id: 'u1', username: 'alice', roles: ['user'] } });
    await fixture.whenStable();
    expect(TestBed.inject(SessionStore).user()?.username).toBe('alice');
    expect(navigated).toHaveBeenCalledWith('/events/e1');
  });

  it('shows the API’s sentence when the credentials are wrong', async () => {
    submit('alice', 'nope');
    http
      .expectOne('/api/login/')
      .flush({ code: 'invalid_credentials', detail: 'The username or the password is wrong.' }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('The username or the password is wrong.');
    expect(navigated).not.toHaveBeenCalled();
  });

  it('asks for both fields before sending anything', () => {
    submit('', '');
    fixture.detectChanges();
    http.expectNone('/api/login/');
    expect(root().querySelector('[role="alert"]')?.textContent?.trim()).toBe('Enter your username and password.');
  });
});
