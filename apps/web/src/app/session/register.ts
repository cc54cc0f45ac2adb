import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { problemSentence, toProblem } from '../api/problem';
import { safeReturnUrl } from './return-url';
import { SessionStore } from './session-store';

@Component({
  selector: 'app-register',
  templateUrl: './register.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Register {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  readonly returnUrl = input<string | undefined>();

  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<readonly string[]>([]);
  protected readonly busy = signal(false);

  protected async submit(event: Event, username: string, password: string): Promise<void> {
    event.preventDefault();
    const problems = registrationProblems(username.trim(), password);
    this.fieldErrors.set([]);
    if (problems.length > 0) {
      this.error.set(problems.join(' '));
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.register(username.trim(), password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error: unknown) {
      const problem = toProblem(error);
      this.error.set(problemSentence(problem));
      this.fieldErrors.set(problem.errors.map((fieldError) => fieldError.message));
    } finally {
      this.busy.set(false);
    }
  }
}

/** The API's rules for a new account, checked before sending so the person learns them at once. */
export function registrationProblems(username: string, password: string): string[] {
  const problems: string[] = [];
  if (!/^[a-zA-Z0-9_.-]{3,32}$/.test(username)) {
    problems.push('The username needs 3 to 32 letters, digits, dots, dashes or underscores.');
  }
  if (password.length < 8) {
    problems.push('The password needs at least 8 characters.');
  }
  return problems;
}
