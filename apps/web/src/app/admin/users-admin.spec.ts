import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { UsersAdmin } from './users-admin';

describe('Users and roles', () => {
  let fixture: ComponentFixture<UsersAdmin>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const type = async (id: string, value: string) => {
    const field = root.querySelector<HTMLInputElement>(`#${id}`)!;
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const checkbox = (role: string) => root.querySelector<HTMLInputElement>(`input[type="checkbox"][value="${role}"]`)!;
  const toggle = async (role: string) => {
    checkbox(role).click();
    await fixture.whenStable();
  };
  const submit = async () => {
    root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await fixture.whenStable();
  };
  const table = () => Array.from(root.querySelectorAll('tbody tr')).map((row) => Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent?.trim()));

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [UsersAdmin], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UsersAdmin);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/admin/users/').flush({
      users: [
        { id: 'u1', username: 'admin', roles: ['admin'], createdAt: '2026-12-01T10:00:00.000Z' },
        { id: 'u2', username: 'alice', roles: ['user'], createdAt: '2026-12-01T10:00:01.000Z' },
      ],
    });
    await settle();
  });

  afterEach(() => http.verify());

  it('lists each user with their roles and when they were created', () => {
    expect(table().map(([username, roles]) => [username, roles])).toEqual([
      ['admin', 'admin'],
      ['alice', 'user'],
    ]);
    expect(root.querySelector('tbody time')?.getAttribute('datetime')).toBe('2026-12-01T10:00:00.000Z');
  });

  it('creates a user with the roles ticked, then lists them', async () => {
    expect(checkbox('user').checked).toBe(true);
    await type('new-user-username', 'dave');
    await type('new-user-password', 'dave-secret-1');
    await toggle('auditor');
    await toggle('user');
    await submit();
    const request = http.expectOne('/api/admin/users/');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ username: 'dave', password: 'dave-secret-1', roles: ['auditor'] });
    request.flush({ user: { id: 'u3', username: 'dave', roles: ['auditor'], createdAt: '2026-12-22T10:00:00.000Z' } }, { status: 201, statusText: 'Created' });
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('User dave created with the roles auditor.');
    expect(table().map(([username]) => username)).toEqual(['admin', 'alice', 'dave']);
    expect(root.querySelector<HTMLInputElement>('#new-user-password')!.value).toBe('');
  });

  it('puts the server\'s messages on the fields they name', async () => {
    await type('new-user-username', 'x');
    await toggle('user');
    await submit();
    http.expectOne('/api/admin/users/').flush(
      {
        code: 'validation_failed',
        detail: '3 fields are invalid',
        errors: [
          { field: 'username', message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' },
          { field: 'password', message: 'password must be at least 8 characters' },
          { field: 'roles', message: 'roles must name at least one role' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('The user was not created.');
    expect(root.querySelector('#new-user-username')?.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#new-user-username-error')?.textContent).toContain('3 to 32 letters');
    expect(root.querySelector('#new-user-password-error')?.textContent).toContain('at least 8 characters');
    expect(root.querySelector('#new-user-roles-error')?.textContent).toContain('at least one role');
  });

  it('says a taken username at the username field', async () => {
    await type('new-user-username', 'alice');
    await type('new-user-password', 'long-enough');
    await submit();
    http.expectOne('/api/admin/users/').flush(
      { code: 'username_taken', detail: 'The username alice is taken.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(root.querySelector('#new-user-username-error')?.textContent).toContain('The username alice is taken.');
  });
});
