/**
 * Applies a batch of recorded events to the read models: reads the documents the events touch,
 * folds the events over them in global order (skipping an event a document has already seen),
 * and returns the guarded writes. Pure apart from the reads; with a DocumentCache, only the
 * documents it does not hold are read (in one getMany per read model).
 */
import { upcast } from '@tessera/domain';
import { ALL_PROJECTIONS, type ProjectedEvent, type Projection } from '@tessera/projections';
import type { RecordedEvent } from '../event-store/event-store.port';
import { sortablePosition, type DocWrite, type ReadStore } from '../read-store/read-store.port';
import type { DocumentCache, KnownDoc } from './document-cache';

/** A recorded event as the projections read it: upcast to its current shape (upcasting.ts), with when it was recorded. */
export const toProjected = (e: RecordedEvent): ProjectedEvent => ({ ...upcast(e.type, e.data), recordedAt: e.recordedAt.toISOString() });

export async function projectBatch(store: ReadStore, events: readonly RecordedEvent[], cache?: DocumentCache): Promise<DocWrite[]> {
  const batch = events.map((e) => ({ event: toProjected(e), position: sortablePosition(e.position) }));
  const writes: DocWrite[] = [];
  for (const projection of ALL_PROJECTIONS as readonly Projection<unknown>[]) {
    writes.push(...(await projectOne(store, projection, batch, cache)));
  }
  return writes;
}

async function projectOne(
  store: ReadStore,
  projection: Projection<unknown>,
  batch: readonly { event: ProjectedEvent; position: string }[],
  cache: DocumentCache | undefined,
): Promise<DocWrite[]> {
  const touched = batch.map(({ event }) => projection.keys(event));
  const ids = [...new Set(touched.flat())];
  if (ids.length === 0) return [];
  const working = await startingPoints(store, projection.collection, ids, cache);
  const existing = new Set(working.keys());
  const changed = new Set<string>();
  batch.forEach(({ event, position }, i) => {
    for (const id of touched[i]) {
      const current = working.get(id);
      if (current && current.lastPosition >= position) continue; // already applied
      working.set(id, { doc: projection.apply(current?.doc, event, id), lastPosition: position });
      changed.add(id);
    }
  });
  return [...changed].map((id) => {
    const { doc, lastPosition } = working.get(id)!;
    const write: DocWrite = { collection: projection.collection, id, doc, position: lastPosition };
    return existing.has(id) ? write : { ...write, isNew: true };
  });
}

/** The documents to fold the batch over: the cache's, and the others read from the store in one call. */
async function startingPoints(store: ReadStore, collection: string, ids: string[], cache: DocumentCache | undefined): Promise<Map<string, KnownDoc>> {
  const working = new Map<string, KnownDoc>();
  const missing: string[] = [];
  for (const id of ids) {
    const known = cache?.get(collection, id);
    if (known) working.set(id, known);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const [id, stored] of await store.getMany(collection, missing)) working.set(id, stored);
  }
  return working;
}
