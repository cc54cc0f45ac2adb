/**
 * Applies a batch of recorded events to the read models: reads the documents the events touch,
 * folds the events over them in global order (skipping an event a document has already seen),
 * and returns the guarded writes. Pure apart from the reads.
 */
import type { DomainEvent } from '@tessera/domain';
import { ALL_PROJECTIONS, type ProjectedEvent, type Projection } from '@tessera/projections';
import type { RecordedEvent } from '../event-store/event-store.port';
import { sortablePosition, type DocWrite, type ReadStore, type StoredDoc } from '../read-store/read-store.port';

export const toProjected = (e: RecordedEvent): ProjectedEvent =>
  ({ type: e.type, data: e.data, recordedAt: e.recordedAt.toISOString() }) as DomainEvent & { recordedAt: string };

export async function projectBatch(store: ReadStore, events: readonly RecordedEvent[]): Promise<DocWrite[]> {
  const batch = events.map((e) => ({ event: toProjected(e), position: sortablePosition(e.position) }));
  const writes: DocWrite[] = [];
  for (const projection of ALL_PROJECTIONS as readonly Projection<unknown>[]) {
    writes.push(...(await projectOne(store, projection, batch)));
  }
  return writes;
}

async function projectOne(
  store: ReadStore,
  projection: Projection<unknown>,
  batch: readonly { event: ProjectedEvent; position: string }[],
): Promise<DocWrite[]> {
  const touched = batch.map(({ event }) => projection.keys(event));
  const ids = [...new Set(touched.flat())];
  if (ids.length === 0) return [];
  const working: Map<string, StoredDoc<unknown> | { doc: undefined; lastPosition: string }> = await store.getMany(projection.collection, ids);
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
    return { collection: projection.collection, id, doc, position: lastPosition };
  });
}
