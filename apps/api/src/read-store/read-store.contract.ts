/**
 * The read-store contract: every promise of the ReadStore port, written only against the port so
 * that each adapter (memory here, MongoDB later) runs the same suite from its own spec:
 *
 *   readStoreContract('memory', async () => ({ store: new MemoryReadStore(), cleanup: async () => {} }));
 *
 * `make` must give an empty store for each test (for MongoDB: a fresh database). The suite uses the
 * real collection names where it needs an indexed field (`seats.holderId`), and a collection of
 * its own for a field no adapter indexes, so both lookup paths are exercised.
 */
import fc from 'fast-check';
import { fromSortablePosition, sortablePosition, type DocWrite, type ReadStore, type SortablePosition } from './read-store.port';

export type ReadStoreFactory = () => Promise<{ store: ReadStore; cleanup(): Promise<void> }>;

/** The sortable form of global position n (commit = prepare, as the embedded event store gives). */
const pos = (n: number | bigint): SortablePosition => sortablePosition({ commit: BigInt(n), prepare: BigInt(n) });

interface Seat {
  showId: string;
  seatId: string;
  holderId: string | null;
  state: 'free' | 'locked' | 'reserved';
}
const seat = (seatId: string, holderId: string | null, state: Seat['state'] = holderId ? 'locked' : 'free'): Seat => ({
  showId: 'show-1',
  seatId,
  holderId,
  state,
});

const WRITER = 'contract-writer';

const compareBig = (a: bigint, b: bigint): number => (a === b ? 0 : a < b ? -1 : 1);
const comparePairs = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }): number =>
  compareBig(a.commit, b.commit) || compareBig(a.prepare, b.prepare);
const compareStrings = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

const TWO_53 = 2n ** 53n;
const MAX_U64 = 2n ** 64n - 1n;
/** Positions are unsigned 64-bit: biased towards the neighbourhood of 2^53 and the top of the range. */
const positionPart = fc.oneof(
  fc.bigInt({ min: 0n, max: MAX_U64 }),
  fc.bigInt({ min: TWO_53 - 1000n, max: TWO_53 + 1000n }),
  fc.bigInt({ min: MAX_U64 - 1000n, max: MAX_U64 }),
  fc.bigInt({ min: 0n, max: 1000n }),
);
const position = fc.record({ commit: positionPart, prepare: positionPart });

export function readStoreContract(name: string, make: ReadStoreFactory): void {
  describe(`ReadStore contract: ${name}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await make());
    });
    afterEach(async () => cleanup());

    /** Commits the writes in one call, advancing the contract's checkpoint to the newest of them. */
    const write = (...writes: DocWrite[]): Promise<void> =>
      store.commit(writes, { name: WRITER, position: writes.map((w) => w.position).reduce((a, b) => (a > b ? a : b)) });
    const put = (collection: string, id: string, doc: unknown, at: SortablePosition): DocWrite => ({ collection, id, doc, position: at });
    const putSeat = (s: Seat, at: SortablePosition): DocWrite => put('seats', s.seatId, s, at);
    const ids = (docs: Seat[]): string[] => docs.map((d) => d.seatId).sort();

    describe('reading', () => {
      it('answers undefined for a document never written, in a collection never written', async () => {
        expect(await store.get('seats', 'A1')).toBeUndefined();
        expect(await store.get('no-such-collection', 'A1')).toBeUndefined();
        expect(await store.list('no-such-collection')).toEqual([]);
        expect(await store.entries('no-such-collection')).toEqual([]);
        expect(await store.findBy('no-such-collection', 'holderId', 'u1')).toEqual([]);
      });

      it('gives back a written document with the position of the write that stored it', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(7)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(7) });
      });

      it('keeps documents with the same id in different collections apart', async () => {
        await write(put('shows', 'x', { kind: 'show' }, pos(1)), put('users', 'x', { kind: 'user' }, pos(2)));
        expect((await store.get('shows', 'x'))?.doc).toEqual({ kind: 'show' });
        expect((await store.get('users', 'x'))?.doc).toEqual({ kind: 'user' });
      });

      it('getMany answers the stored documents by id and leaves out the ids it does not hold', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)), putSeat(seat('A2', null), pos(2)), putSeat(seat('A3', 'u2'), pos(3)));
        const found = await store.getMany<Seat>('seats', ['A3', 'missing', 'A1']);
        expect([...found.keys()].sort()).toEqual(['A1', 'A3']);
        expect(found.get('A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(1) });
        expect(found.get('A3')).toEqual({ doc: seat('A3', 'u2'), lastPosition: pos(3) });
      });

      it('getMany answers an empty map when asked for no ids', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)));
        expect((await store.getMany('seats', [])).size).toBe(0);
      });

      it('lists every document of one collection and none of another', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)), putSeat(seat('A2', null), pos(2)), put('shows', 'show-1', { id: 'show-1' }, pos(3)));
        expect(ids(await store.list<Seat>('seats'))).toEqual(['A1', 'A2']);
        expect(await store.list('shows')).toEqual([{ id: 'show-1' }]);
      });

      it('pairs each document with its id in entries', async () => {
        await write(put('shows', 's1', { name: 'one' }, pos(1)), put('shows', 's2', { name: 'two' }, pos(2)));
        const entries = await store.entries('shows');
        expect(entries.sort(([a], [b]) => compareStrings(a, b))).toEqual([
          ['s1', { name: 'one' }],
          ['s2', { name: 'two' }],
        ]);
      });

      it('finds the documents whose field equals the value, on an indexed field', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)), putSeat(seat('A2', 'u2'), pos(2)), putSeat(seat('A3', 'u1'), pos(3)));
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u1'))).toEqual(['A1', 'A3']);
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u2'))).toEqual(['A2']);
        expect(await store.findBy('seats', 'holderId', 'u3')).toEqual([]);
        expect(await store.findBy('seats', 'holderId', 'u1')).toContainEqual(seat('A1', 'u1'));
      });

      it('finds the documents whose field equals the value, on a field no adapter indexes', async () => {
        await write(put('contract-things', 't1', { colour: 'red' }, pos(1)), put('contract-things', 't2', { colour: 'blue' }, pos(2)));
        expect(await store.findBy('contract-things', 'colour', 'red')).toEqual([{ colour: 'red' }]);
        expect(await store.findBy('contract-things', 'colour', 'green')).toEqual([]);
      });

      it('does not match a null or missing field with the text "null" or "undefined"', async () => {
        await write(putSeat(seat('A1', null), pos(1)), put('seats', 'A2', { showId: 'show-1', seatId: 'A2', state: 'free' }, pos(2)));
        expect(await store.findBy('seats', 'holderId', 'null')).toEqual([]);
        expect(await store.findBy('seats', 'holderId', 'undefined')).toEqual([]);
      });

      describe('page: a search newest first, a page at a time', () => {
        interface Booking {
          showId: string;
          userId: string;
          status: string;
          createdAt: string;
        }
        const booking = (id: string, showId: string, userId: string, status: string, second: number): [string, Booking] => [
          id,
          { showId, userId, status, createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, second)).toISOString() },
        ];
        const BOOKINGS = [
          booking('r1', 'show-1', 'u1', 'confirmed', 1),
          booking('r2', 'show-1', 'u2', 'cancelled', 2),
          booking('r3', 'show-2', 'u1', 'confirmed', 3),
          booking('r4', 'show-1', 'u1', 'pending', 4),
          // r5 and r6 at the same instant: the id breaks the tie.
          booking('r5', 'show-1', 'u1', 'confirmed', 5),
          booking('r6', 'show-1', 'u2', 'confirmed', 5),
        ];
        const fill = () => write(...BOOKINGS.map(([id, doc], i) => put('reservations', id, doc, pos(i + 1))));
        const pageIds = async (query: Parameters<ReadStore['page']>[1]) => (await store.page<Booking>('reservations', query)).map(([id]) => id);

        it('answers the matching documents in descending order of the field, then of the id', async () => {
          await fill();
          expect(await pageIds({ where: {}, orderBy: 'createdAt', limit: 10 })).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
          expect(await pageIds({ where: { showId: 'show-1' }, orderBy: 'createdAt', limit: 10 })).toEqual(['r6', 'r5', 'r4', 'r2', 'r1']);
        });

        it('combines equalities, and a list matches any of its values', async () => {
          await fill();
          expect(await pageIds({ where: { showId: 'show-1', userId: 'u1' }, orderBy: 'createdAt', limit: 10 })).toEqual(['r5', 'r4', 'r1']);
          expect(await pageIds({ where: { showId: 'show-1', status: ['confirmed', 'cancelled'] }, orderBy: 'createdAt', limit: 10 })).toEqual(['r6', 'r5', 'r2', 'r1']);
          expect(await pageIds({ where: { showId: 'show-3' }, orderBy: 'createdAt', limit: 10 })).toEqual([]);
        });

        it('walks every match exactly once, page after page, across ties', async () => {
          await fill();
          const seen: string[] = [];
          let after: { value: string; id: string } | undefined;
          for (;;) {
            const page = await store.page<Booking>('reservations', { where: { status: ['confirmed', 'cancelled', 'pending'] }, orderBy: 'createdAt', after, limit: 2 });
            if (!page.length) break;
            seen.push(...page.map(([id]) => id));
            const [id, last] = page[page.length - 1];
            after = { value: last.createdAt, id };
          }
          expect(seen).toEqual(['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
        });

        it('leaves deleted documents out and shows a document as last written', async () => {
          await fill();
          await write(put('reservations', 'r6', undefined, pos(10)), put('reservations', 'r1', { ...BOOKINGS[0][1], status: 'cancelled' }, pos(11)));
          expect(await pageIds({ where: { status: 'cancelled' }, orderBy: 'createdAt', limit: 10 })).toEqual(['r2', 'r1']);
          expect(await pageIds({ where: { showId: 'show-1', status: 'confirmed' }, orderBy: 'createdAt', limit: 10 })).toEqual(['r5']);
        });
      });

      it('answers a ping while it is up', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('commit: writes guarded by position', () => {
      it('changes nothing when a write is redelivered at the position already stored', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)), putSeat(seat('A2', 'u1'), pos(5)));
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(5) });
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u1'))).toEqual(['A1', 'A2']);
      });

      it('keeps one whole document at its position when two writes claim different documents for that position', async () => {
        // The runner never does this (a position is one event, projections are pure): whichever
        // document stays, it stays whole, at that position, and findBy agrees with get.
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(putSeat(seat('A1', 'u2'), pos(5)));
        const kept = await store.get<Seat>('seats', 'A1');
        expect([seat('A1', 'u1'), seat('A1', 'u2')]).toContainEqual(kept?.doc);
        expect(kept?.lastPosition).toBe(pos(5));
        expect(await store.findBy('seats', 'holderId', kept!.doc.holderId!)).toEqual([kept!.doc]);
        await write(putSeat(seat('A1', 'u3'), pos(4)));
        expect((await store.get('seats', 'A1'))?.doc).toEqual(kept!.doc);
      });

      it('ignores a write older than the stored document', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(putSeat(seat('A1', 'u2'), pos(4)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(5) });
      });

      it('replaces the document with a newer write', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(putSeat(seat('A1', 'u2'), pos(6)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u2'), lastPosition: pos(6) });
      });

      it('guards each write of one commit on its own, in the order given', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)), putSeat(seat('A1', 'u2'), pos(4)), putSeat(seat('A2', 'u3'), pos(3)));
        expect((await store.get('seats', 'A1'))?.doc).toEqual(seat('A1', 'u1'));
        expect((await store.get('seats', 'A2'))?.doc).toEqual(seat('A2', 'u3'));
      });

      it('compares positions as numbers: 10 is newer than 9, and 2^53 + 1 newer than 2^53', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(9)));
        await write(putSeat(seat('A1', 'u2'), pos(10)));
        await write(putSeat(seat('A1', 'u3'), pos(9)));
        expect((await store.get('seats', 'A1'))?.doc).toEqual(seat('A1', 'u2'));

        await write(putSeat(seat('A2', 'u1'), pos(TWO_53)));
        await write(putSeat(seat('A2', 'u2'), pos(TWO_53 + 1n)));
        await write(putSeat(seat('A2', 'u3'), pos(TWO_53)));
        expect(await store.get('seats', 'A2')).toEqual({ doc: seat('A2', 'u2'), lastPosition: pos(TWO_53 + 1n) });
      });

      it('deletes the document when a newer write has no document', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)), putSeat(seat('A2', 'u1'), pos(2)));
        await write(put('seats', 'A1', undefined, pos(3)));
        expect(await store.get('seats', 'A1')).toBeUndefined();
        expect((await store.getMany('seats', ['A1', 'A2'])).has('A1')).toBe(false);
        expect(ids(await store.list<Seat>('seats'))).toEqual(['A2']);
        expect((await store.entries('seats')).map(([id]) => id)).toEqual(['A2']);
      });

      it('ignores a delete older than the stored document', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(put('seats', 'A1', undefined, pos(4)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(5) });
      });

      it('does not bring a deleted document back when an older write is redelivered', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(put('seats', 'A1', undefined, pos(6)));
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        expect(await store.get('seats', 'A1')).toBeUndefined();
        expect(await store.findBy('seats', 'holderId', 'u1')).toEqual([]);
        // A newer write after the delete stores the document again.
        await write(putSeat(seat('A1', 'u2'), pos(7)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u2'), lastPosition: pos(7) });
      });

      it('stores nothing for a delete of a document it never held', async () => {
        await write(put('seats', 'A1', undefined, pos(1)));
        expect(await store.get('seats', 'A1')).toBeUndefined();
        expect(await store.list('seats')).toEqual([]);
        expect(await store.findBy('seats', 'showId', 'show-1')).toEqual([]);
      });

      it('moves a seat between findBy results when its holder changes', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)), putSeat(seat('A2', 'u1'), pos(2)));
        await write(putSeat(seat('A1', 'u2'), pos(3)));
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u1'))).toEqual(['A2']);
        expect(await store.findBy('seats', 'holderId', 'u2')).toEqual([seat('A1', 'u2')]);
      });

      it('moves a seat between findBy results on every indexed field it changes', async () => {
        await write(putSeat(seat('A1', 'u1', 'locked'), pos(1)));
        await write(putSeat(seat('A1', 'u1', 'reserved'), pos(2)));
        expect(await store.findBy('seats', 'state', 'locked')).toEqual([]);
        expect(await store.findBy('seats', 'state', 'reserved')).toEqual([seat('A1', 'u1', 'reserved')]);
        await write(putSeat(seat('A1', null, 'free'), pos(3)));
        expect(await store.findBy('seats', 'holderId', 'u1')).toEqual([]);
        expect(await store.findBy('seats', 'state', 'free')).toEqual([seat('A1', null, 'free')]);
      });

      it('drops a deleted document from every findBy result', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(1)), putSeat(seat('A2', 'u1'), pos(2)));
        await write(put('seats', 'A1', undefined, pos(3)));
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u1'))).toEqual(['A2']);
        expect(ids(await store.findBy<Seat>('seats', 'showId', 'show-1'))).toEqual(['A2']);
        expect(ids(await store.findBy<Seat>('seats', 'state', 'locked'))).toEqual(['A2']);
      });

      it('leaves findBy results alone when a stale write is ignored', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(putSeat(seat('A1', 'u2'), pos(4)), putSeat(seat('A1', 'u3'), pos(2)));
        expect(await store.findBy('seats', 'holderId', 'u1')).toEqual([seat('A1', 'u1')]);
        expect(await store.findBy('seats', 'holderId', 'u2')).toEqual([]);
        expect(await store.findBy('seats', 'holderId', 'u3')).toEqual([]);
      });
    });

    describe('commit: documents the writer found absent (isNew)', () => {
      const putNew = (s: Seat, at: SortablePosition): DocWrite => ({ ...putSeat(s, at), isNew: true });

      it('stores them as any other write', async () => {
        await write(putNew(seat('A1', 'u1'), pos(1)), putNew(seat('A2', null), pos(2)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(1) });
        expect(ids(await store.findBy<Seat>('seats', 'showId', 'show-1'))).toEqual(['A1', 'A2']);
      });

      it('still guards them by position when the document exists after all (another projector wrote it)', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)), putSeat(seat('A2', 'u1'), pos(5)));
        await write(putNew(seat('A1', 'u2'), pos(4)), putNew(seat('A2', 'u2'), pos(6)), putNew(seat('A3', 'u2'), pos(6)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(5) });
        expect(await store.get('seats', 'A2')).toEqual({ doc: seat('A2', 'u2'), lastPosition: pos(6) });
        expect(await store.get('seats', 'A3')).toEqual({ doc: seat('A3', 'u2'), lastPosition: pos(6) });
      });

      it('does not bring a deleted document back with an older write marked new', async () => {
        await write(putSeat(seat('A1', 'u1'), pos(5)));
        await write(put('seats', 'A1', undefined, pos(6)));
        await write(putNew(seat('A1', 'u1'), pos(5)));
        expect(await store.get('seats', 'A1')).toBeUndefined();
        await write(putNew(seat('A1', 'u2'), pos(7)));
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u2'), lastPosition: pos(7) });
      });

      it('applies a commit of hundreds of documents, new and known, each under its own guard', async () => {
        const seats = Array.from({ length: 300 }, (_, i) => `S${i}`);
        await write(...seats.slice(0, 200).map((id) => putNew(seat(id, 'u1'), pos(10))));
        // One commit: 150 known documents moved on, 50 known ones with an older write, 100 new ones.
        await write(
          ...seats.slice(0, 150).map((id) => putSeat(seat(id, 'u2'), pos(11))),
          ...seats.slice(150, 200).map((id) => putSeat(seat(id, 'u3'), pos(9))),
          ...seats.slice(200).map((id) => putNew(seat(id, 'u4'), pos(11))),
        );
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u2'))).toEqual(seats.slice(0, 150).sort());
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u1'))).toEqual(seats.slice(150, 200).sort());
        expect(await store.findBy('seats', 'holderId', 'u3')).toEqual([]);
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u4'))).toEqual(seats.slice(200).sort());
        expect(await store.checkpoint(WRITER)).toBe(pos(11));
      });
    });

    describe('checkpoints', () => {
      it('has no checkpoint before the first commit', async () => {
        expect(await store.checkpoint('projections')).toBeUndefined();
      });

      it('advances the named checkpoint with a commit, even one without writes', async () => {
        await store.commit([], { name: 'projections', position: pos(3) });
        expect(await store.checkpoint('projections')).toBe(pos(3));
        await store.commit([putSeat(seat('A1', 'u1'), pos(4))], { name: 'projections', position: pos(4) });
        expect(await store.checkpoint('projections')).toBe(pos(4));
      });

      it('keeps checkpoints of different names apart', async () => {
        await store.commit([], { name: 'one', position: pos(3) });
        await store.commit([], { name: 'two', position: pos(8) });
        expect(await store.checkpoint('one')).toBe(pos(3));
        expect(await store.checkpoint('two')).toBe(pos(8));
      });

      it('never moves a checkpoint back, yet still applies the newer writes of that commit', async () => {
        await store.commit([], { name: 'projections', position: pos(10) });
        await store.commit([putSeat(seat('A1', 'u1'), pos(12))], { name: 'projections', position: pos(9) });
        expect(await store.checkpoint('projections')).toBe(pos(10));
        expect((await store.get('seats', 'A1'))?.doc).toEqual(seat('A1', 'u1'));
      });

      it('orders checkpoints as positions past 2^53', async () => {
        await store.commit([], { name: 'projections', position: pos(TWO_53 + 1n) });
        await store.commit([], { name: 'projections', position: pos(TWO_53) });
        expect(await store.checkpoint('projections')).toBe(pos(TWO_53 + 1n));
        await store.commit([], { name: 'projections', position: pos(TWO_53 * 4n) });
        expect(await store.checkpoint('projections')).toBe(pos(TWO_53 * 4n));
      });
    });

    describe('scratch', () => {
      it('is empty even when the store holds documents and checkpoints', async () => {
        await store.commit([putSeat(seat('A1', 'u1'), pos(1)), put('shows', 'show-1', { id: 'show-1' }, pos(1))], { name: 'projections', position: pos(1) });
        const scratch = await store.scratch();
        expect(await scratch.get('seats', 'A1')).toBeUndefined();
        expect(await scratch.list('seats')).toEqual([]);
        expect(await scratch.list('shows')).toEqual([]);
        expect(await scratch.findBy('seats', 'holderId', 'u1')).toEqual([]);
        expect(await scratch.checkpoint('projections')).toBeUndefined();
      });

      it('is independent of the store: writes to either never reach the other', async () => {
        await store.commit([putSeat(seat('A1', 'u1'), pos(1))], { name: 'projections', position: pos(1) });
        const scratch = await store.scratch();
        await scratch.commit([putSeat(seat('A1', 'u2'), pos(2)), putSeat(seat('A2', 'u2'), pos(2))], { name: 'projections', position: pos(2) });
        await store.commit([putSeat(seat('A3', 'u3'), pos(3))], { name: 'other', position: pos(3) });

        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u1'), lastPosition: pos(1) });
        expect(ids(await store.list<Seat>('seats'))).toEqual(['A1', 'A3']);
        expect(await store.findBy('seats', 'holderId', 'u2')).toEqual([]);
        expect(await store.checkpoint('projections')).toBe(pos(1));

        expect(ids(await scratch.list<Seat>('seats'))).toEqual(['A1', 'A2']);
        expect(await scratch.findBy('seats', 'holderId', 'u3')).toEqual([]);
        expect(await scratch.checkpoint('projections')).toBe(pos(2));
        expect(await scratch.checkpoint('other')).toBeUndefined();
      });
    });

    describe('swapIn', () => {
      it("replaces the store's documents and checkpoints with the scratch store's", async () => {
        await store.commit(
          [putSeat(seat('A1', 'u1'), pos(5)), putSeat(seat('A2', 'u1'), pos(5)), put('shows', 'old-show', { id: 'old-show' }, pos(5))],
          { name: 'projections', position: pos(5) },
        );
        await store.commit([], { name: 'only-live', position: pos(5) });
        const scratch = await store.scratch();
        await scratch.commit([putSeat(seat('A1', 'u2'), pos(3)), putSeat(seat('A3', 'u1'), pos(3))], { name: 'projections', position: pos(3) });

        await store.swapIn(scratch);

        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u2'), lastPosition: pos(3) });
        expect(await store.get('seats', 'A2')).toBeUndefined();
        expect(ids(await store.list<Seat>('seats'))).toEqual(['A1', 'A3']);
        expect(await store.list('shows')).toEqual([]);
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u1'))).toEqual(['A3']);
        expect(ids(await store.findBy<Seat>('seats', 'holderId', 'u2'))).toEqual(['A1']);
        // The checkpoint is the scratch store's, even though it is behind the old one.
        expect(await store.checkpoint('projections')).toBe(pos(3));
        expect(await store.checkpoint('only-live')).toBeUndefined();
      });

      it('guards later writes with the positions of the documents swapped in', async () => {
        await store.commit([putSeat(seat('A1', 'u1'), pos(50))], { name: 'projections', position: pos(50) });
        const scratch = await store.scratch();
        await scratch.commit([putSeat(seat('A1', 'u2'), pos(20))], { name: 'projections', position: pos(20) });
        await store.swapIn(scratch);

        await store.commit([putSeat(seat('A1', 'u3'), pos(19))], { name: 'projections', position: pos(19) });
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u2'), lastPosition: pos(20) });
        await store.commit([putSeat(seat('A1', 'u3'), pos(21))], { name: 'projections', position: pos(21) });
        expect(await store.get('seats', 'A1')).toEqual({ doc: seat('A1', 'u3'), lastPosition: pos(21) });
        expect(await store.checkpoint('projections')).toBe(pos(21));
      });
    });

    describe('sortablePosition', () => {
      it('sorts as text exactly as the positions sort, for any 64-bit positions', () => {
        fc.assert(
          fc.property(position, position, (a, b) => {
            expect(compareStrings(sortablePosition(a), sortablePosition(b))).toBe(comparePairs(a, b));
          }),
          { numRuns: 1000 },
        );
      });

      it('reads back the exact position it was made from', () => {
        fc.assert(
          fc.property(position, (p) => {
            expect(fromSortablePosition(sortablePosition(p))).toEqual(p);
          }),
          { numRuns: 1000 },
        );
      });

      it('tells apart positions a JavaScript number would merge', () => {
        const low = { commit: TWO_53, prepare: TWO_53 };
        const high = { commit: TWO_53 + 1n, prepare: TWO_53 + 1n };
        expect(Number(low.commit)).toBe(Number(high.commit));
        expect(sortablePosition(low) < sortablePosition(high)).toBe(true);
      });
    });
  });
}
