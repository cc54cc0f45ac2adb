/**
 * A second event for tests that need more than the demo one (ordering, per-event limits). Admin
 * event creation is not built yet, so this goes through the app's command bus, as demo data does.
 */
import { CommandBus } from '@nestjs/cqrs';
import { layoutFromRows } from '@tessera/domain';
import { ReadModels } from '../../apps/api/src/projections/read-models';
import { ScheduleShow } from '../../apps/api/src/shows/schedule-show/schedule-show.handler';
import type { TestServer } from './server';

export interface NewEvent {
  name: string;
  venue?: string;
  startsAt: string;
  currency?: string;
  rows?: { label: string; seats: number; price: string }[];
}

export async function scheduleEvent(server: TestServer, event: NewEvent): Promise<string> {
  const { rows = [{ label: 'A', seats: 4, price: '20.00' }], ...rest } = event;
  const { showId, position } = await server.app.get(CommandBus).execute(
    new ScheduleShow(
      { venue: 'Small Hall', currency: 'EUR', ...rest, layout: layoutFromRows(rows) },
      { userId: 'system', correlationId: 'test', causationId: 'test' },
    ),
  );
  await server.app.get(ReadModels).caughtUpWith(position);
  return showId;
}
