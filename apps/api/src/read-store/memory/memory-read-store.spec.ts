/**
 * The memory read store: the port's contract suite, then what only this adapter does.
 */
import { readStoreContract } from '../read-store.contract';
import { sortablePosition, type ReadStore } from '../read-store.port';
import { MemoryReadStore } from './memory-read-store';

readStoreContract('memory', async () => ({ store: new MemoryReadStore(), cleanup: async () => undefined }));

describe('MemoryReadStore', () => {
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
