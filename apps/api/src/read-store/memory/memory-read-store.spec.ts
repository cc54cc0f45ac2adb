/**
 * The memory read store: the port's contract suite, then what only this adapter does.
 */
import { readStoreContract } from '../read-store.contract';
import { sortablePosition, type ReadStore } from '../read-store.port';
import { MemoryReadStore } from './memory-read-store';

readStoreContract('memory', async () => ({ store: new MemoryReadStore(), cleanup: async () => undefined }));
// As the API opens it and as scratch stores are: indexes built at the first query, then kept up.
readStoreContract('memory, indexes deferred', async () => ({ store: new MemoryReadStore({ deferIndexes: true }), cleanup: async () => undefined }));

describe('MemoryReadStore', () => {
  it('with deferred indexes, answers findBy from documents written before and after the first query, and after a swap', async () => {
    const store = new MemoryReadStore({ deferIndexes: true });
    const at = (n: number) => sortablePosition({ commit: BigInt(n), prepare: BigInt(n) });
    const seat = (id: string, holderId: string | null, n: number) => ({ collection: 'seats', id, doc: { showId: 's', holderId }, position: at(n) });
    await store.commit([seat('a', 'u1', 1), seat('b', 'u1', 2), seat('a', 'u2', 3)], { name: 'projections', position: at(3) });
    expect(await store.findBy('seats', 'holderId', 'u1')).toEqual([{ showId: 's', holderId: 'u1' }]);
    await store.commit([seat('b', null, 4), seat('c', 'u2', 5)], { name: 'projections', position: at(5) });
    expect(await store.findBy('seats', 'holderId', 'u1')).toEqual([]);
    expect((await store.findBy<{ holderId: string }>('seats', 'holderId', 'u2')).length).toBe(2);
    const scratch = await store.scratch();
    await scratch.commit([seat('d', 'u3', 6), seat('d', 'u4', 7)], { name: 'projections', position: at(7) });
    await store.swapIn(scratch);
    expect(await store.findBy('seats', 'holderId', 'u3')).toEqual([]);
    expect(await store.findBy('seats', 'holderId', 'u4')).toEqual([{ showId: 's', holderId: 'u4' }]);
    expect(await store.findBy('seats', 'showId', 's')).toHaveLength(1);
  });

  it('refuses to swap in a store of another kind, and keeps its own documents', async () => {
    const store = new MemoryReadStore();
    const position = sortablePosition({ commit: 1n, prepare: 1n });
    await store.commit([{ collection: 'shows', id: 's1', doc: { id: 's1' }, position }], { name: 'projections', position });
    const foreign = { ...(await store.scratch()) } as ReadStore;
    await expect(store.swapIn(foreign)).rejects.toThrow(TypeError);
    expect(await store.list('shows')).toEqual([{ id: 's1' }]);
    expect(await store.checkpoint('projections')).toBe(position);
  });
});
