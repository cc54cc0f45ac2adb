/**
 * The production read store: read-model documents in MongoDB (`mongodb` driver 7), one collection
 * per read model, each document `{ _id, doc, lastPosition }`. Every write is guarded by position
 * (`lastPosition < position`, upserting), so redelivery and replays are harmless and several
 * projectors cannot move a document backwards; a duplicate-key error on the upsert means "already
 * applied" and is not a failure. Deletes leave a tombstone (doc: null) that keeps its position.
 * Checkpoints are documents written after the projected ones, moved only forward ($max).
 */
import { MongoClient, MongoServerError, type AnyBulkWriteOperation, type Collection, type Db, type Document } from 'mongodb';
import { StoreUnavailable } from '../../event-store/event-store.port';
import type { DocWrite, ReadStore, SortablePosition, StoredDoc } from '../read-store.port';

interface Stored extends Document {
  _id: string;
  doc: unknown;
  lastPosition: SortablePosition;
}

interface Checkpoint extends Document {
  _id: string;
  position: SortablePosition;
}

/** Fields queried with findBy, per read model (the memory store indexes the same ones). */
export const INDEXED_FIELDS: Record<string, readonly string[]> = {
  seats: ['showId', 'holderId', 'state'],
  reservations: ['userId'],
};
export const COLLECTIONS = ['seats', 'shows', 'reservations', 'users'] as const;
const DUPLICATE_KEY = 11000;
const TIMEOUT_MS = 5000;

export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly url: string,
    /** Collection name prefix: "rm_" for the live read models, a fresh one for each scratch store. */
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
      const store = new MongoReadStore(client, client.db(), url, 'rm_', true);
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
    return found && found.doc !== null ? { doc: found.doc as D, lastPosition: found.lastPosition } : undefined;
  }

  async getMany<D>(collection: string, ids: readonly string[]): Promise<Map<string, StoredDoc<D>>> {
    const found = await this.run(() => this.collection(collection).find({ _id: { $in: [...ids] } }).toArray());
    return new Map(found.filter((s) => s.doc !== null).map((s) => [s._id, { doc: s.doc as D, lastPosition: s.lastPosition }]));
  }

  async findBy<D>(collection: string, field: string, value: string): Promise<D[]> {
    const found = await this.run(() => this.collection(collection).find({ [`doc.${field}`]: value }).toArray());
    return found.map((s) => s.doc as D);
  }

  async list<D>(collection: string): Promise<D[]> {
    return (await this.entries<D>(collection)).map(([, doc]) => doc);
  }

  async entries<D>(collection: string): Promise<[string, D][]> {
    const found = await this.run(() => this.collection(collection).find({ doc: { $ne: null } }).toArray());
    return found.map((s) => [s._id, s.doc as D]);
  }

  async commit(writes: readonly DocWrite[], checkpoint: { name: string; position: SortablePosition }): Promise<void> {
    const byCollection = new Map<string, AnyBulkWriteOperation<Stored>[]>();
    for (const w of writes) {
      const ops = byCollection.get(w.collection) ?? [];
      ops.push({
        updateOne: {
          filter: { _id: w.id, lastPosition: { $lt: w.position } },
          update: { $set: { doc: w.doc === undefined ? null : w.doc, lastPosition: w.position } },
          upsert: true,
        },
      });
      byCollection.set(w.collection, ops);
    }
    await this.run(async () => {
      for (const [collection, ops] of byCollection) await this.bulkWrite(collection, ops);
      // After the documents, never before: a crash in between leaves the checkpoint behind.
      await this.checkpoints().updateOne({ _id: checkpoint.name }, { $max: { position: checkpoint.position } }, { upsert: true });
    });
  }

  async checkpoint(name: string): Promise<SortablePosition | undefined> {
    const found = await this.run(() => this.checkpoints().findOne({ _id: name }));
    return found?.position;
  }

  async scratch(): Promise<ReadStore> {
    const prefix = `rm_scratch_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`;
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
      for (const field of fields) await this.collection(collection).createIndex({ [`doc.${field}`]: 1 });
    }
  }

  private async bulkWrite(collection: string, ops: AnyBulkWriteOperation<Stored>[]): Promise<void> {
    try {
      await this.collection(collection).bulkWrite(ops, { ordered: false });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // A duplicate key on an upsert means the document exists with a newer position: already
      // applied. MongoDB goes on with the other writes of an unordered bulk write; FerretDB stops at
      // the first error (docs/ferretdb.md), so write them one by one, each under the same guard.
      for (const op of ops) {
        await this.collection(collection).bulkWrite([op]).catch((e: unknown) => {
          if (!isDuplicateKey(e)) throw e;
        });
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

const isDuplicateKey = (error: unknown): boolean => {
  const writeErrors = (error as { writeErrors?: { code: number }[] }).writeErrors;
  if (Array.isArray(writeErrors) && writeErrors.length > 0) return writeErrors.every((e) => e.code === DUPLICATE_KEY);
  return (error as { code?: number }).code === DUPLICATE_KEY;
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Server selection, network and timeout errors: the store is down, not the request wrong (also for the session store on the same connection). */
export function isConnectionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  return ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError', 'MongoNotConnectedError', 'MongoOperationTimeoutError', 'MongoPoolClearedError'].includes(name);
}
