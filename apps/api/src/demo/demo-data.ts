/**
 * Demo data (api.md DEMO_DATA): on an empty event store, four users and the event "Concert XYZ"
 * with rows A-J of 12 seats at 50.00 EUR, a month from now; two weeks later, "Hamlet" in a theatre
 * with sections, price categories, an aisle and wheelchair places (api.md "Venue layouts").
 */
import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { DomainError, layoutFromRows, type Layout, type Role } from '@tessera/domain';
import type { Clock } from '../clock/clock.port';
import { WrongExpectedVersion, type EventStore, type Position } from '../event-store/event-store.port';
import { ScheduleShow } from '../shows/schedule-show/schedule-show.handler';
import { RegisterUser } from '../users/register-user/register-user.handler';

const USERS: { username: string; password: string; roles: Role[] }[] = [
  { username: 'admin', password: 'admin123', roles: ['admin'] },
  { username: 'auditor', password: 'auditor123', roles: ['auditor'] },
  { username: 'alice', password: 'alice123', roles: ['user'] },
  { username: 'bob', password: 'bob123', roles: ['user'] },
];

const ROWS = 'ABCDEFGHIJ'.split('').map((label) => ({ label, seats: 12, price: '50.00' }));

/**
 * A small theatre with a real layout: stalls of numbered rows split by a centre aisle, with
 * wheelchair places at the row ends, a premium category across the front rows, and a balcony.
 */
const THEATRE: Layout = {
  form: 'sections',
  categories: [
    { key: 'premium', name: 'Premium', price: '80.00' },
    { key: 'standard', name: 'Standard', price: '45.00' },
    { key: 'balcony', name: 'Balcony', price: '30.00' },
  ],
  sections: [
    {
      key: 'stalls',
      name: 'Stalls',
      rows: [1, 2, 3, 4, 5, 6].map((n) => ({
        label: String(n),
        seats: 16,
        firstNumber: 1,
        category: n <= 2 ? 'premium' : 'standard',
        aislesAfter: [8],
        accessible: n === 6 ? [1, 16] : [],
      })),
    },
    {
      key: 'balcony',
      name: 'Balcony',
      rows: ['A', 'B', 'C'].map((label) => ({ label, seats: 14, firstNumber: 101, category: 'balcony', aislesAfter: [], accessible: [] })),
    },
  ],
};

/** Returns the position of the last demo event, or undefined when the store already had history. */
export async function seedDemoData(events: EventStore, commands: CommandBus, clock: Clock): Promise<Position | undefined> {
  if (await events.headPosition()) return undefined;
  // Several instances may start on one empty store at once: every step claims a stream that must
  // not exist yet, so the first instance seeds and the others find the work done.
  try {
    for (const u of USERS) await commands.execute(new RegisterUser(u.username, u.password, u.roles));
    const startsAt = new Date(clock.now().getTime() + 30 * 86_400_000);
    startsAt.setUTCHours(20, 0, 0, 0);
    const metadata = { userId: 'system', correlationId: 'demo-data', causationId: 'demo-data' };
    await commands.execute(
      new ScheduleShow({ name: 'Concert XYZ', venue: 'Main Hall', startsAt: startsAt.toISOString(), currency: 'EUR', layout: layoutFromRows(ROWS) }, metadata, DEMO_SHOW_ID),
    );
    const later = new Date(startsAt.getTime() + 14 * 86_400_000);
    const { position } = await commands.execute(
      new ScheduleShow({ name: 'Hamlet', venue: 'Globe Theatre', startsAt: later.toISOString(), currency: 'EUR', layout: THEATRE }, metadata, DEMO_LAYOUT_SHOW_ID),
    );
    new Logger('DemoData').log('demo data created: users admin, auditor, alice, bob; events "Concert XYZ" and "Hamlet"');
    return position;
  } catch (error) {
    if (error instanceof WrongExpectedVersion || (error instanceof DomainError && error.code === 'username_taken')) return events.headPosition();
    throw error;
  }
}

/** Fixed, so that two instances seeding at once cannot create the demo event twice. */
const DEMO_SHOW_ID = 'c0ce27a1-0000-4000-8000-000000000001';
const DEMO_LAYOUT_SHOW_ID = 'c0ce27a1-0000-4000-8000-000000000002';

