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
        { id: 'u1', username: 'admin', roles: ['admin'], createdAt: '2026-12-01T10:00:00.000Z', disabled: false },
        { id: 'u2', username: 'alice', roles: ['user'], createdAt: '2026-12-01T10:00:01.000Z', disabled: false },
      ],
    });
    await settle();
  });

  afterEach(() => http.verify());

  it('lists each user with their roles, when they were created and whether they may log in', () => {
    expect(table().map(([username, roles, , account]) => [username, roles, account])).toEqual([
      ['admin', 'admin', 'active'],
      ['alice', 'user', 'active'],
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
    expect(root.querySelector('.create-user [role="status"]')?.textContent?.trim()).toBe('User dave created with the roles auditor.');
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

  describe('changing a user', () => {
    const press = async (name: string) => {
      Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === name)!.click();
      await settle();
    };
    const editRole = (role: string) => root.querySelector<HTMLInputElement>(`#edit-user input[value="${role}"]`)!;
    const patch = () => http.expectOne('/api/admin/users/u2/');
    const alice = { id: 'u2', username: 'alice', createdAt: '2026-12-01T10:00:01.000Z' };

    beforeEach(async () => {
      document.body.appendChild(root);
      await press('Change alice');
    });

    afterEach(() => root.remove());

    it('opens the user\'s changes with the focus on their heading', () => {
      expect(document.activeElement?.textContent?.trim()).toBe('Change alice');
      expect(document.activeElement?.tagName).toBe('H3');
      expect(root.querySelector('#change-user-u2')?.getAttribute('aria-expanded')).toBe('true');
      expect(editRole('user').checked).toBe(true);
    });

    it('sends the whole set of roles ticked', async () => {
      editRole('auditor').click();
      await fixture.whenStable();
      await press('Save roles');
      const request = patch();
      expect([request.request.method, request.request.body]).toEqual(['PATCH', { roles: ['user', 'auditor'] }]);
      request.flush({ user: { ...alice, roles: ['user', 'auditor'], disabled: false } });
      await settle();
      expect(table()[1][1]).toBe('user, auditor');
      expect(root.querySelector('#edit-user [role="status"]')?.textContent?.trim()).toBe("alice's roles are now user, auditor; their sessions have them at once.");
    });

    it('says the account is disabled once it is, and offers to enable it', async () => {
      await press('Disable alice');
      patch().flush({ user: { ...alice, roles: ['user'], disabled: true } });
      await settle();
      expect(table()[1][3]).toBe('disabled');
      expect(root.querySelector('#edit-user [role="status"]')?.textContent?.trim()).toBe('alice is disabled: their sessions and holds ended, and they cannot log in.');
      await press('Enable alice');
      const enable = patch();
      expect(enable.request.body).toEqual({ disabled: false });
      enable.flush({ user: { ...alice, roles: ['user'], disabled: false } });
      await settle();
      expect(table()[1][3]).toBe('active');
    });

    it('sets a new password and clears the field', async () => {
      const field = root.querySelector<HTMLInputElement>('#edit-user-password')!;
      expect(root.querySelector('label[for="edit-user-password"]')?.textContent?.trim()).toBe('New password for alice');
      field.value = 'new-secret-42';
      field.dispatchEvent(new Event('input'));
      await press('Set password');
      const request = patch();
      expect(request.request.body).toEqual({ password: 'new-secret-42' });
      request.flush({ user: { ...alice, roles: ['user'], disabled: false } });
      await settle();
      expect(field.value).toBe('');
      expect(root.querySelector('#edit-user [role="status"]')?.textContent?.trim()).toBe("alice's password is changed; their other sessions ended.");
    });

    it('shows a refused change to one\'s own account as its sentence', async () => {
      await press('Disable alice');
      patch().flush(
        { code: 'forbidden_self_change', detail: 'You cannot disable your own account.' },
        { status: 409, statusText: 'Conflict' },
      );
      await settle();
      expect(root.querySelector('#edit-user [role="alert"]')?.textContent?.trim()).toBe('You cannot disable your own account.');
      expect(table()[1][3]).toBe('active');
    });

    it('puts a refused password beside its field', async () => {
      await press('Set password');
      patch().flush(
        { code: 'validation_failed', detail: 'password is invalid', errors: [{ field: 'password', message: 'password must be at least 8 characters' }] },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();
      expect(root.querySelector('#edit-user-password-error')?.textContent).toBe('password must be at least 8 characters');
      expect(root.querySelector('#edit-user-password')?.getAttribute('aria-invalid')).toBe('true');
    });

    it('closes with Done and gives the focus back to the user\'s button', async () => {
      await press('Done');
      expect(root.querySelector('.edit-user')).toBeNull();
      expect(document.activeElement?.id).toBe('change-user-u2');
    });
  });
});
