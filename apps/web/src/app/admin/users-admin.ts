// Users and roles: the list of accounts, and a form that creates one with chosen roles.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { FieldError, problemSentence, toProblem } from '../api/problem';
import { AdminApi, UserAccount } from './admin-api';
import { ROLES, Role } from './roles';

type UserField = 'username' | 'password' | 'roles';

@Component({
  selector: 'app-users-admin',
  imports: [DatePipe],
  templateUrl: './users-admin.html',
  styleUrls: ['./admin-forms.css', './users-admin.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersAdmin {
  private readonly api = inject(AdminApi);

  protected readonly roles = ROLES;
  protected readonly users = signal<readonly UserAccount[] | null>(null);
  protected readonly loadError = signal<string | null>(null);

  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly chosen = signal<ReadonlySet<Role>>(new Set<Role>(['user']));
  protected readonly busy = signal(false);
  protected readonly fieldErrors = signal<Partial<Record<UserField, string>>>({});
  protected readonly formError = signal<string | null>(null);
  protected readonly created = signal<UserAccount | null>(null);

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      this.users.set(await firstValueFrom(this.api.users()));
      this.loadError.set(null);
    } catch (error: unknown) {
      this.loadError.set(problemSentence(toProblem(error)));
    }
  }

  protected setText(field: 'username' | 'password', event: Event): void {
    this[field].set((event.target as HTMLInputElement).value);
  }

  protected toggleRole(role: Role, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.chosen.update((roles) => {
      const next = new Set(roles);
      if (checked) {
        next.add(role);
      } else {
        next.delete(role);
      }
      return next;
    });
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) {
      return;
    }
    this.busy.set(true);
    this.formError.set(null);
    this.created.set(null);
    const roles = ROLES.filter((role) => this.chosen().has(role));
    try {
      const user = await firstValueFrom(this.api.createUser({ username: this.username().trim(), password: this.password(), roles }));
      this.fieldErrors.set({});
      this.created.set(user);
      this.username.set('');
      this.password.set('');
      this.users.update((users) => (users ? [...users, user] : [user]));
    } catch (error: unknown) {
      const problem = toProblem(error);
      const errors = userFieldErrors(problem.errors);
      if (problem.code === 'username_taken') {
        errors.username = problemSentence(problem);
      }
      this.fieldErrors.set(errors);
      this.formError.set(
        Object.keys(errors).length > 0 ? 'The user was not created. Check the fields marked below.' : problemSentence(problem),
      );
    } finally {
      this.busy.set(false);
    }
  }
}

/** The problem's `errors[]` by field; `roles.1` and the like belong to the roles. */
export function userFieldErrors(errors: readonly FieldError[]): Partial<Record<UserField, string>> {
  const byField: Partial<Record<UserField, string>> = {};
  for (const { field, message } of errors) {
    const name = field.split('.')[0];
    if (name === 'username' || name === 'password' || name === 'roles') {
      byField[name] = byField[name] ? `${byField[name]} ${message}` : message;
    }
  }
  return byField;
}
