// Users and roles: the list of accounts, a form that creates one with chosen roles, and, per user,
// the box office's changes (PATCH /api/admin/users/{id}/): roles, disabled or enabled, a new password.
// The server refuses an admin's change to their own account that would lock them out (409
// forbidden_self_change); its sentence is shown as it comes.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { FieldError, problemSentence, toProblem } from '../api/problem';
import { AdminApi, ChangeUserBody, UserAccount } from './admin-api';
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

  /** The user whose changes are open below the list. */
  protected readonly editingId = signal<string | null>(null);
  protected readonly editing = computed(() => this.users()?.find((user) => user.id === this.editingId()) ?? null);
  protected readonly editRoles = signal<ReadonlySet<Role>>(new Set());
  protected readonly newPassword = signal('');
  protected readonly changeBusy = signal(false);
  protected readonly changeError = signal<string | null>(null);
  protected readonly changeFieldErrors = signal<Partial<Record<'roles' | 'password', string>>>({});
  protected readonly changed = signal<string | null>(null);

  private readonly injector = inject(Injector);
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;

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

  /** Opens (or closes) the changes of a user below the list; the focus goes to their heading, or back to the button. */
  protected toggleEdit(user: UserAccount): void {
    this.changeError.set(null);
    this.changeFieldErrors.set({});
    this.changed.set(null);
    this.newPassword.set('');
    if (this.editingId() === user.id) {
      this.closeEdit();
      return;
    }
    this.editingId.set(user.id);
    this.editRoles.set(new Set(user.roles));
    this.focus('#edit-user-heading');
  }

  protected closeEdit(): void {
    const id = this.editingId();
    this.editingId.set(null);
    if (id) this.focus(`#change-user-${id}`);
  }

  protected toggleEditRole(role: Role, event: Event): void {
    const checked = (event.target as HTMLInputElement).checked;
    this.editRoles.update((roles) => {
      const next = new Set(roles);
      if (checked) next.add(role);
      else next.delete(role);
      return next;
    });
  }

  protected setNewPassword(event: Event): void {
    this.newPassword.set((event.target as HTMLInputElement).value);
  }

  protected saveRoles(): void {
    void this.change({ roles: ROLES.filter((role) => this.editRoles().has(role)) });
  }

  protected setDisabled(disabled: boolean): void {
    void this.change({ disabled });
  }

  protected setPassword(event: Event): void {
    event.preventDefault();
    void this.change({ password: this.newPassword() });
  }

  private async change(body: ChangeUserBody): Promise<void> {
    const user = this.editing();
    if (!user || this.changeBusy()) return;
    this.changeBusy.set(true);
    this.changeError.set(null);
    this.changed.set(null);
    try {
      const updated = await firstValueFrom(this.api.changeUser(user.id, body));
      this.users.update((users) => users?.map((u) => (u.id === updated.id ? updated : u)) ?? null);
      this.editRoles.set(new Set(updated.roles));
      this.changeFieldErrors.set({});
      if (body.password !== undefined) this.newPassword.set('');
      this.changed.set(userChangeSentence(updated, body));
    } catch (error: unknown) {
      const problem = toProblem(error);
      const { roles, password } = userFieldErrors(problem.errors);
      this.changeFieldErrors.set({ ...(roles ? { roles } : {}), ...(password ? { password } : {}) });
      this.changeError.set(problemSentence(problem));
    } finally {
      this.changeBusy.set(false);
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}

/** "alice's roles are now user, auditor.", and the like: what a change did, for the live region. */
export function userChangeSentence(user: UserAccount, change: ChangeUserBody): string {
  if (change.disabled === true) return `${user.username} is disabled: their sessions and holds ended, and they cannot log in.`;
  if (change.disabled === false) return `${user.username} is enabled again: they can log in.`;
  if (change.password !== undefined) return `${user.username}'s password is changed; their other sessions ended.`;
  return `${user.username}'s roles are now ${user.roles.join(', ')}; their sessions have them at once.`;
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
