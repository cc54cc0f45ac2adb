/**
 * History is never rewritten (architecture.md, issue 15): a store written by release 0.1, before
 * venue layouts existed, is loaded by today's code and answers as that release answered. The store
 * file and the answers were recorded by test/fixtures/history-v1/record.ts running on release 0.1;
 * answers may have gained fields since, never lost or changed one.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '../support/client';
import { FakeClock } from '../support/fake-clock';
import { startServer, type TestServer } from '../support/server';

const FIXTURE = join(__dirname, '..', 'fixtures', 'history-v1');
const answers = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8'));
const { concert, chamber } = answers.shows as { concert: string; chamber: string };

describe('a history recorded by release 0.1', () => {
  let server: TestServer;
  let admin: Client;
  let alice: Client;
  let bob: Client;
  let anonymous: Client;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-history-v1-'));
    copyFileSync(join(FIXTURE, 'events.sqlite'), join(dataDir, 'events.sqlite'));
    // Demo data is on, as `npm start` has it: a store that already has a history gets none added.
    server = await startServer({}, { dataDir, clock: new FakeClock(answers.now) });
    [admin, alice, bob] = await Promise.all([server.as('admin'), server.as('alice'), server.as('bob')]);
    anonymous = server.client();
  });
  afterAll(() => server.close());

  const read = async (client: Client, path: string) => {
    const reply = await client.get(path);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('lists both shows with the counts that release gave', async () => {
    expect(await read(anonymous, '/api/events/')).toMatchObject(answers.eventsList);
  });

  it('answers each show as before, rows and prices included', async () => {
    expect(await read(anonymous, `/api/events/${concert}/`)).toMatchObject(answers.eventDetail.concert);
    expect(await read(anonymous, `/api/events/${chamber}/`)).toMatchObject(answers.eventDetail.chamber);
  });

  it('draws the same seat grids, to a visitor and to a holder', async () => {
    expect(await read(anonymous, `/api/events/${concert}/seats/`)).toMatchObject(answers.grid.anonymous.concert);
    expect(await read(anonymous, `/api/events/${chamber}/seats/`)).toMatchObject(answers.grid.anonymous.chamber);
    expect(await read(alice, `/api/events/${concert}/seats/`)).toMatchObject(answers.grid.alice.concert);
    expect(await read(alice, `/api/events/${chamber}/seats/`)).toMatchObject(answers.grid.alice.chamber);
  });

  it('gives each user the same reservations: confirmed, shrunk by an admin release, cancelled', async () => {
    expect(await read(alice, '/api/reservations/')).toMatchObject(answers.reservations.alice);
    expect(await read(bob, '/api/reservations/')).toMatchObject(answers.reservations.bob);
  });

  it('gives the auditor the same log, event by event, and the same seat histories', async () => {
    expect(await read(admin, '/api/audit/log/?limit=1000')).toMatchObject(answers.auditLog);
    for (const [key, seat, show] of [['concertA2', 'A2', concert], ['concertB5', 'B5', concert], ['chamberCC1', 'CC1', chamber]] as const) {
      expect(await read(admin, `/api/audit/events/${show}/seats/${seat}/history/`)).toMatchObject(answers.seatHistory[key]);
    }
  });

  it('travels back to each recorded instant and finds the grids as they stood', async () => {
    const instants = Object.keys(answers.timeTravel);
    expect(instants.length).toBeGreaterThanOrEqual(5);
    for (const asOf of instants) {
      expect(await read(admin, `/api/audit/events/${concert}/seats/?asOf=${asOf}`)).toMatchObject(answers.timeTravel[asOf].concert);
      expect(await read(admin, `/api/audit/events/${chamber}/seats/?asOf=${asOf}`)).toMatchObject(answers.timeTravel[asOf].chamber);
    }
  });

  it('verifies consistent over the same number of events, and lists the same users', async () => {
    expect(await read(admin, '/api/audit/verify/')).toEqual(answers.verify);
    expect(await read(admin, '/api/admin/users/')).toMatchObject(answers.users);
  });

  it('still takes new decisions on that history: the seat the admin released can be locked again', async () => {
    const reply = await bob.post(`/api/events/${concert}/seats/A2/lock/`);
    expect(reply.status).toBe(200);
    expect(reply.body.seat).toMatchObject({ id: 'A2', status: 'locked', mine: true });
    const taken = await bob.post(`/api/events/${concert}/seats/A1/lock/`);
    expect(taken.status).toBe(409);
  });
});
