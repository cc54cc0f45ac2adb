// Route /admin (role admin): create events, users and roles, release a seat, rebuild the read models.
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ShowSummary, ShowsApi } from '../api/shows-api';
import { CreateEvent } from './create-event';
import { RebuildPanel } from './rebuild-panel';
import { ReleaseSeat } from './release-seat';
import { UsersAdmin } from './users-admin';

@Component({
  selector: 'app-admin-page',
  imports: [CreateEvent, UsersAdmin, ReleaseSeat, RebuildPanel],
  templateUrl: './admin-page.html',
  styleUrl: '../layout/tool-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPage {
  private readonly showsApi = inject(ShowsApi);

  /** For the release form's event list; refreshed when an event is created. */
  protected readonly shows = signal<readonly ShowSummary[]>([]);

  constructor() {
    this.loadShows();
  }

  protected loadShows(): void {
    // Without the list, the release form still says so when an event is chosen; nothing to show here.
    this.showsApi.list().subscribe({ next: (shows) => this.shows.set(shows), error: () => undefined });
  }
}
