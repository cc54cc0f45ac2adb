import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { problemSentence, toProblem } from '../api/problem';
import { safeReturnUrl } from './return-url';
import { SessionStore } from './session-store';

@Component({
  selector: 'app-login',
  imports: [RouterLink],
  templateUrl: './login.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Login {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  /** From the query string: where to go back to after logging in. */
  readonly returnUrl = input<string | undefined>();

  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected async submit(event: Event, username: string, password: string): Promise<void> {
    event.preventDefault();
    if (!username.trim() || !password) {
      this.error.set('Enter your username and password.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.login(username.trim(), password);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error: unknown) {
      this.error.set(problemSentence(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }
}
