// The header on every page: product name, "Events", who is logged in, and the admin and audit
// pages for the roles that may use them.
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive } from '@angular/router';
import { filter, map } from 'rxjs';
import { canAdminister, canAudit } from '../admin/roles';
import { SessionStore } from '../session/session-store';

@Component({
  selector: 'app-site-header',
  imports: [RouterLink, RouterLinkActive],
  templateUrl: './site-header.html',
  styleUrl: './site-header.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SiteHeader {
  private readonly router = inject(Router);
  protected readonly session = inject(SessionStore);
  protected readonly loggingOut = signal(false);
  /** Links to pages only some roles may use; the server refuses the others anyway. */
  protected readonly showAdmin = computed(() => canAdminister(this.session.user()));
  protected readonly showAudit = computed(() => canAudit(this.session.user()));

  /** "Log in" brings the person back to the page they were on. */
  protected readonly returnUrl = toSignal(
    this.router.events.pipe(
      filter((event): event is NavigationEnd => event instanceof NavigationEnd),
      map((event) => (/^\/(login|register)\b/.test(event.urlAfterRedirects) ? undefined : event.urlAfterRedirects)),
    ),
  );

  protected async logout(): Promise<void> {
    this.loggingOut.set(true);
    try {
      await this.session.logout();
    } catch {
      // The session is forgotten here either way; the server's will expire by itself.
    } finally {
      this.loggingOut.set(false);
    }
    await this.router.navigateByUrl('/events');
  }
}
