/**
 * The command loop decides first on the state it cached for a stream, without reading. These
 * specs make that cache stale the way production does, by a second store on the same file (another
 * API process) writing the seat's stream, and check that every answer is still the one a fresh
 * read gives: nobody gets a seat someone else holds, nobody is refused a seat that is free.
 */
import { NotLockOwner, seatDecider, SeatUnavailable, type SeatCommand } from '@tessera/domain';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { tempDir } from '../event-store/sqlite/sqlite-test-support';
import { decideAndAppend, type CommandContext } from './decide-and-append';

const STREAM = 'seat-show-1-A1';
const now = () => new Date('2030-01-01T19:00:00.000Z');
const context = (userId: string): CommandContext => ({ metadata: { userId, correlationId: `c-${userId}`, causationId: `c-${userId}` } });
const lock = (userId: string): SeatCommand => ({
  type: 'LockSeat',
  data: { showId: 'show-1', seatId: 'A1', userId, username: userId, lockSeconds: 300, heldInShow: 0, maxSeatsPerUser: 10 },
});
const unlock = (userId: string): SeatCommand => ({ type: 'UnlockSeat', data: { showId: 'show-1', seatId: 'A1', userId } });

describe('decideAndAppend on a cached state that another process has made stale', () => {
  let temp: ReturnType<typeof tempDir>;
  /** This process's store (its cache is the one made stale) and another process's, on the same file. */
  let here: SqliteEventStore;
  let elsewhere: SqliteEventStore;
  const run = (store: SqliteEventStore, command: SeatCommand, userId: string) => decideAndAppend(store, STREAM, seatDecider, command, now, context(userId));
  const history = async () => (await here.readStream(STREAM)).map((e) => `${e.type} ${(e.data as { userId: string }).userId}`);

  beforeEach(() => {
    temp = tempDir();
    here = SqliteEventStore.open(temp.file);
    elsewhere = SqliteEventStore.open(temp.file);
  });
  afterEach(async () => {
    await Promise.all([here.close(), elsewhere.close()]);
    temp.remove();
  });

  it('refuses a lock on a seat the cache thinks free but another process has locked since', async () => {
    await run(here, lock('alice'), 'alice');
    await run(here, unlock('alice'), 'alice'); // cached here: free, at revision 1
    await run(elsewhere, lock('bob'), 'bob');

    await expect(run(here, lock('carol'), 'carol')).rejects.toBeInstanceOf(SeatUnavailable);
    expect(await history()).toEqual(['SeatLocked alice', 'SeatReleased alice', 'SeatLocked bob']);
  });

  it('grants a lock on a seat the cache thinks held but another process has released since', async () => {
    await run(here, lock('bob'), 'bob'); // cached here: locked by bob
    await run(elsewhere, unlock('bob'), 'bob');

    const decision = await run(here, lock('carol'), 'carol');
    expect(decision.events.map((e) => e.type)).toEqual(['SeatLocked']);
    expect(await history()).toEqual(['SeatLocked bob', 'SeatReleased bob', 'SeatLocked carol']);
  });

  it('does not tell a caller they still hold a seat that another process has released and given to someone else', async () => {
    await run(here, lock('alice'), 'alice'); // cached here: locked by alice, so locking again decides nothing
    await run(elsewhere, unlock('alice'), 'alice');
    await run(elsewhere, lock('bob'), 'bob');

    await expect(run(here, lock('alice'), 'alice')).rejects.toBeInstanceOf(SeatUnavailable);
    await expect(run(here, unlock('alice'), 'alice')).rejects.toBeInstanceOf(NotLockOwner);
    expect(await history()).toEqual(['SeatLocked alice', 'SeatReleased alice', 'SeatLocked bob']);
  });

  it('answers from the cache, with no read, while nobody else writes the stream', async () => {
    await run(here, lock('alice'), 'alice');
    const reads = jest.spyOn(here, 'readStream');
    const released = await run(here, unlock('alice'), 'alice');
    const locked = await run(here, lock('bob'), 'bob');
    expect(reads).not.toHaveBeenCalled();
    expect([released.revision, locked.revision]).toEqual([1n, 2n]);
    expect(await history()).toEqual(['SeatLocked alice', 'SeatReleased alice', 'SeatLocked bob']);
  });

  it('reads first for a command with an idempotency base, so a retry after another process took it is answered as stored', async () => {
    const keyed: CommandContext = { ...context('alice'), idempotencyBase: 'key-1' };
    await run(here, lock('bob'), 'bob');
    await run(here, unlock('bob'), 'bob'); // cached here: free, at revision 1
    const first = await decideAndAppend(elsewhere, STREAM, seatDecider, lock('alice'), () => new Date('2030-01-01T18:59:00.000Z'), keyed);
    const reads = jest.spyOn(here, 'readStream');

    const retried = await decideAndAppend(here, STREAM, seatDecider, lock('alice'), now, keyed);
    expect(reads).toHaveBeenCalled();
    // The lock as stored by the first try (its lockedUntil), not one decided again on the stale state.
    expect(retried.state).toEqual(first.state);
    expect(await history()).toEqual(['SeatLocked bob', 'SeatReleased bob', 'SeatLocked alice']);
  });
});
