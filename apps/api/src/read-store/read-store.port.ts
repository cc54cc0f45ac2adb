/**
 * The read-store port: documents of the read models (libs/projections), written only by the
 * projection runner and guarded by the position of the last event applied to each document, so a
 * redelivered or replayed event changes nothing. Adapters: ./memory (embedded default, rebuilt
 * from history at start-up, docs/decisions.md) and ./mongodb (production). Both pass
 * ./read-store.contract.ts.
 */

/** A global position as a string that sorts like the position itself (see sortablePosition). */
export type SortablePosition = string;

export interface DocWrite {
  collection: string;
  id: string;
  /** The document after the event; undefined deletes it. */
  doc: unknown;
  /** Applied only when the stored document's last position is older than this one. */
  position: SortablePosition;
  /**
   * The writer found no document to start from (the projection runner sets it). A hint, never a
   * promise: an adapter may insert such a document instead of updating it, as long as one that
   * exists after all (another projector wrote it meanwhile) still goes through the position guard.
   */
  isNew?: boolean;
}

export interface StoredDoc<D> {
  doc: D;
  lastPosition: SortablePosition;
}

/** One page of a collection, newest first (the box office's reservations search). */
export interface PageQuery {
  /** Fields every document must equal; a list: any of its values. */
  where: Record<string, string | readonly string[]>;
  /** Documents come in descending order of this (string) field, then of their id. */
  orderBy: string;
  /** Where the previous page ended: its last document's `orderBy` value and id. */
  after?: { value: string; id: string };
  limit: number;
}

export interface ReadStore {
  get<D>(collection: string, id: string): Promise<StoredDoc<D> | undefined>;
  getMany<D>(collection: string, ids: readonly string[]): Promise<Map<string, StoredDoc<D>>>;
  /** Documents whose `field` equals `value` (fields used this way are indexed by the adapter). */
  findBy<D>(collection: string, field: string, value: string): Promise<D[]>;
  /** One page of the documents matching `query.where`, in its order (adapters index what the box office searches by). */
  page<D>(collection: string, query: PageQuery): Promise<[string, D][]>;
  /** Every document of a collection. */
  list<D>(collection: string): Promise<D[]>;
  /** Every document of a collection with its id (verify compares stores document by document). */
  entries<D>(collection: string): Promise<[string, D][]>;
  /**
   * Writes the documents (each guarded by its position), then advances the named checkpoint to
   * `checkpoint`. A crash between the two leaves the checkpoint behind, never ahead.
   */
  commit(writes: readonly DocWrite[], checkpoint: { name: string; position: SortablePosition }): Promise<void>;
  checkpoint(name: string): Promise<SortablePosition | undefined>;
  /** An empty store of the same kind, for a rebuild or a verify; closing it discards what is left of it. */
  scratch(): Promise<ReadStore>;
  /** Replaces this store's documents and checkpoints with the scratch store's, atomically for readers. */
  swapIn(scratch: ReadStore): Promise<void>;
  /** Throws StoreUnavailable when down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('ReadStore');

/** Zero-padded "commit:prepare", so that string order is position order (MongoDB $lt works on it). */
export const sortablePosition = (p: { commit: bigint; prepare: bigint }): SortablePosition =>
  `${p.commit.toString().padStart(20, '0')}:${p.prepare.toString().padStart(20, '0')}`;

export const fromSortablePosition = (s: SortablePosition): { commit: bigint; prepare: bigint } => {
  const [commit, prepare] = s.split(':');
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
};
