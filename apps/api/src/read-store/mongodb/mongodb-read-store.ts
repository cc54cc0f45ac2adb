/**
 * The production read store: read-model documents in MongoDB (`mongodb` driver 7), one collection
 * per read model, each document `{ _id, version: { lastPosition, doc } }`. Every write is guarded by
 * position in one operator, `$max` on `version`: MongoDB compares embedded documents field by field
 * in order, so the position decides, and a write older than the stored document (a redelivery, a
 * replay, a slower projector) changes nothing. No write can fail because it is stale, so nothing
 * here reads a duplicate-key error as "already applied". Documents the runner found absent are
 * inserted (no lookup); the rest are updated in commands of at most UPDATES_PER_COMMAND.
 * Deletes leave a tombstone (doc: null) that keeps its position.
 * Checkpoints are documents written after the projected ones, moved only forward ($max).
 *
 * Why this shape, and the figures over FerretDB that chose it: docs/ferretdb.md, "Projection
 * throughput". The live collections are `rm2_*`: the layout before (`{ _id, doc, lastPosition }`,
 * guarded by an upsert filtered on `lastPosition < position`) lived in `rm_*`; a projector on this
 * layout starts from an empty `rm2_checkpoints`, so it replays the whole history once.
 */
import { MongoClient, MongoServerError, type AnyBulkWriteOperation, type Collection, type Db, type Document } from 'mongodb';
import { StoreUnavailable } from '../../event-store/event-store.port';
import type { DocWrite, PageQuery, ReadStore, SortablePosition, StoredDoc } from '../read-store.port';

/** A document's latest version. The position comes first: `$max` compares it first. */
interface Version {
  lastPosition: SortablePosition;
  doc: unknown;
}

interface Stored extends Document {
  _id: string;
  version: Version;
}

interface Checkpoint extends Document {
  _id: string;
  position: SortablePosition;
}

/** Fields queried with findBy, per read model (the memory store indexes the same ones). */
export const INDEXED_FIELDS: Record<string, readonly string[]> = {
  seats: ['showId', 'holderId', 'state'],
  reservations: ['userId', 'showId'],
};
/**
 * Compound indexes for `page` (the box office's reservations search, newest first): an equality on
 * the event or the user, then the order; and the order alone for a search without either.
 */
export const PAGE_INDEXES: Record<string, readonly (readonly string[])[]> = {
  reservations: [['showId', 'createdAt'], ['userId', 'createdAt'], ['createdAt']],
};
export const COLLECTIONS = ['seats', 'shows', 'reservations', 'users'] as const;
/** Collection name prefix of the live read models (`rm2_` since the `version` layout). */
export const LIVE_PREFIX = 'rm2_';
/**
 * Updates per update command. FerretDB 1.24 holds one pooled SQLite connection per matched update
 * until its command ends, and its pool has 100: a command of 100 updates hangs the whole server
 * (docs/ferretdb.md). MongoDB does not care; a few more round trips for a large batch cost nothing.
 */
export const UPDATES_PER_COMMAND = 32;
const DUPLICATE_KEY = 11000;
const TIMEOUT_MS = 5000;

export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly url: string,
    /** Collection name prefix: LIVE_PREFIX for the live read models, a fresh one for each scratch store. */
    private readonly prefix: string,
    private readonly ownsClient: boolean,
  ) {}

  /** Connects and checks the server answers; throws StoreUnavailable naming the URL otherwise. */
  static async connect(url: string, timeoutMs = 8000): Promise<MongoReadStore> {
    let client: MongoClient;
    try {
      client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
    } catch (error) {
      throw new StoreUnavailable('read store', `MongoDB connection string ${url} is invalid: ${message(error)}`);
    }
    try {
      await client.connect();
      const store = new MongoReadStore(client, client.db(), url, LIVE_PREFIX, true);
      await store.ping();
      await store.ensureIndexes();
      return store;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error instanceof StoreUnavailable ? error : new StoreUnavailable('read store', `MongoDB at ${url}: ${message(error)}`);
    }
  }

  /** The driver's client, for the session store (mongodb-session-store.ts): one pool per process, closed with this store. */
  get driverClient(): MongoClient {
    return this.client;
  }

  async get<D>(collection: string, id: string): Promise<StoredDoc<D> | undefined> {
    const found = await this.run(() => this.collection(collection).findOne({ _id: id }));
    return found ? storedDoc<D>(found) : undefined;
  }

  async getMany<D>(collection: string, ids: readonly string[]): Promise<Map<string, StoredDoc<D>>> {
    const found = await this.run(() => this.collection(collection).find({ _id: { $in: [...ids] } }).toArray());
    const docs = new Map<string, StoredDoc<D>>();
    for (const s of found) {
      const stored = storedDoc<D>(s);
      if (stored) docs.set(s._id, stored);
    }
    return docs;
  }

  async findBy<D>(collection: string, field: string, value: string): Promise<D[]> {
    const found = await this.run(() => this.collection(collection).find({ [`version.doc.${field}`]: value }).toArray());
    return found.map((s) => s.version.doc as D);
  }

  async page<D>(collection: string, { where, orderBy, after, limit }: PageQuery): Promise<[string, D][]> {
    const filter: Document = { 'version.doc': { $ne: null } };
    for (const [field, value] of Object.entries(where)) filter[`version.doc.${field}`] = typeof value === 'string' ? value : { $in: [...value] };
    const order = `version.doc.${orderBy}`;
    if (after) filter.$or = [{ [order]: { $lt: after.value } }, { [order]: after.value, _id: { $lt: after.id } }];
    const found = await this.run(() => this.collection(collection).find(filter).sort({ [order]: -1, _id: -1 }).limit(limit).toArray());
    return found.map((s) => [s._id, s.version.doc as D]);
  }

  async list<D>(collection: string): Promise<D[]> {
    return (await this.entries<D>(collection)).map(([, doc]) => doc);
  }

  async entries<D>(collection: string): Promise<[string, D][]> {
    const found = await this.run(() => this.collection(collection).find({ 'version.doc': { $ne: null } }).toArray());
    return found.map((s) => [s._id, s.version.doc as D]);
  }

  async commit(writes: readonly DocWrite[], checkpoint: { name: string; position: SortablePosition }): Promise<void> {
    const byCollection = new Map<string, DocWrite[]>();
    for (const w of writes) {
      const docs = byCollection.get(w.collection) ?? [];
      docs.push(w);
      byCollection.set(w.collection, docs);
    }
    await this.run(async () => {
      for (const [collection, docs] of byCollection) {
        const existing = await this.insertNew(collection, docs.filter((w) => w.isNew));
        await this.update(collection, [...docs.filter((w) => !w.isNew), ...existing]);
      }
      // After the documents, never before: a crash in between leaves the checkpoint behind.
      await this.checkpoints().updateOne({ _id: checkpoint.name }, { $max: { position: checkpoint.position } }, { upsert: true });
    });
  }

  async checkpoint(name: string): Promise<SortablePosition | undefined> {
    const found = await this.run(() => this.checkpoints().findOne({ _id: name }));
    return found?.position;
  }

  async scratch(): Promise<ReadStore> {
    const prefix = `${LIVE_PREFIX}scratch_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`;
    const scratch = new MongoReadStore(this.client, this.db, this.url, prefix, false);
    await scratch.ensureIndexes();
    return scratch;
  }

  /**
   * Renames each scratch collection over the live one (`dropTarget`): each swap is atomic for its
   * collection; checkpoints go last, so until then the runner re-applies (harmlessly) from the old one.
   */
  async swapIn(scratch: ReadStore): Promise<void> {
    if (!(scratch instanceof MongoReadStore) || scratch.db !== this.db) throw new TypeError('a MongoDB read store swaps in only a scratch store of its own database');
    await this.run(async () => {
      for (const name of [...COLLECTIONS, 'checkpoints']) {
        const existing = await this.db.listCollections({ name: scratch.prefix + name }, { nameOnly: true }).toArray();
        // A read model the scratch store never wrote is empty after the swap too.
        if (existing.length) await this.rename(scratch.prefix + name, this.prefix + name);
        else await this.db.collection(this.prefix + name).drop().catch(() => undefined);
      }
      await this.ensureIndexes();
    });
  }

  async ping(): Promise<void> {
    await this.run(() => this.db.command({ ping: 1 }, { timeoutMS: TIMEOUT_MS }));
  }

  /** Closes the connection; closing a scratch store (which shares it) drops the scratch collections instead. */
  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
    else await this.drop();
  }

  /** Drops every collection of this store (tests, and the scratch store after a verify). */
  async drop(): Promise<void> {
    await this.run(async () => {
      for (const name of [...COLLECTIONS, 'checkpoints']) await this.db.collection(this.prefix + name).drop().catch(() => undefined);
    });
  }

  private async ensureIndexes(): Promise<void> {
    for (const [collection, fields] of Object.entries(INDEXED_FIELDS)) {
      for (const field of fields) await this.collection(collection).createIndex({ [`version.doc.${field}`]: 1 });
    }
    for (const [collection, indexes] of Object.entries(PAGE_INDEXES)) {
      for (const fields of indexes) await this.collection(collection).createIndex(Object.fromEntries(fields.map((f, i) => [`version.doc.${f}`, i === fields.length - 1 ? -1 : 1])));
    }
  }

  /**
   * Inserts the documents the runner found absent: no lookup, where an update first finds its
   * document (on FerretDB a full scan: docs/ferretdb.md). Returns those that exist after all
   * (another projector inserted them meanwhile: duplicate key), for the guarded update.
   */
  private async insertNew(collection: string, writes: readonly DocWrite[]): Promise<DocWrite[]> {
    if (writes.length === 0) return [];
    try {
      await this.collection(collection).insertMany(
        writes.map((w) => ({ _id: w.id, version: version(w) })),
        { ordered: false },
      );
      return [];
    } catch (error) {
      const failed = writeErrors(error);
      if (failed.length === 0 || !failed.every((e) => e.code === DUPLICATE_KEY)) throw error;
      return failed.map((e) => writes[e.index]);
    }
  }

  /**
   * The guarded write of each document: `$max` on its version. Upserting: a document the runner
   * knew can be missing here (collections a rebuild swapped in while this projector ran).
   */
  private async update(collection: string, writes: readonly DocWrite[]): Promise<void> {
    for (let i = 0; i < writes.length; i += UPDATES_PER_COMMAND) {
      const ops: AnyBulkWriteOperation<Stored>[] = writes.slice(i, i + UPDATES_PER_COMMAND).map((w) => ({
        updateOne: { filter: { _id: w.id }, update: { $max: { version: version(w) } }, upsert: true },
      }));
      try {
        await this.collection(collection).bulkWrite(ops, { ordered: false });
      } catch (error) {
        // Two upserts of one new id at once: one inserts, the other meets the duplicate key. Sent
        // again, it finds the document ($max changes nothing twice). FerretDB stops an unordered bulk
        // write at its first error (docs/ferretdb.md), so the whole command goes again.
        if (!isDuplicateKey(error)) throw error;
        await this.collection(collection).bulkWrite(ops, { ordered: false });
      }
    }
  }

  /** MongoDB swaps atomically (dropTarget); FerretDB 1.24 lacks dropTarget, so there: drop, then rename. */
  private async rename(from: string, to: string): Promise<void> {
    try {
      await this.db.renameCollection(from, to, { dropTarget: true });
    } catch (error) {
      if (!(error instanceof MongoServerError && /dropTarget/.test(error.message))) throw error;
      await this.db.collection(to).drop().catch(() => undefined);
      await this.db.renameCollection(from, to);
    }
  }

  private collection(name: string): Collection<Stored> {
    return this.db.collection<Stored>(this.prefix + name);
  }

  private checkpoints(): Collection<Checkpoint> {
    return this.db.collection<Checkpoint>(this.prefix + 'checkpoints');
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConnectionFailure(error)) throw new StoreUnavailable('read store', `MongoDB at ${this.url}: ${message(error)}`);
      throw error;
    }
  }
}

/** The stored document as the port gives it; undefined for a tombstone. */
function storedDoc<D>(stored: Stored): StoredDoc<D> | undefined {
  return stored.version.doc === null ? undefined : { doc: stored.version.doc as D, lastPosition: stored.version.lastPosition };
}

/** Position first, then the document: `$max` compares in that order (a tombstone's doc is null). */
const version = (w: DocWrite): Version => ({ lastPosition: w.position, doc: w.doc === undefined ? null : w.doc });

/** The write errors of a failed bulk write or insertMany (one or several), with their indexes in the batch. */
function writeErrors(error: unknown): { code: number; index: number }[] {
  const found = (error as { writeErrors?: { code: number; index: number } | { code: number; index: number }[] }).writeErrors;
  return found === undefined ? [] : [found].flat();
}

const isDuplicateKey = (error: unknown): boolean => {
  const failed = writeErrors(error);
  return failed.length > 0 ? failed.every((e) => e.code === DUPLICATE_KEY) : (error as { code?: number }).code === DUPLICATE_KEY;
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Server selection, network and timeout errors: the store is down, not the request wrong (also for the session store on the same connection). */
export function isConnectionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError', 'MongoNotConnectedError', 'MongoOperationTimeoutError', 'MongoPoolClearedError'].includes(name);
}
