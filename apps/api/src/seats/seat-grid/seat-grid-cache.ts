/**
 * The seat grid, rendered once per change instead of once per request (docs/performance.md).
 *
 * A show's seats are kept in chunks (one per row). Each chunk is rendered to JSON twice, for
 * anonymous callers (no `lockedBy`) and for logged-in ones (`lockedBy` set), both with `mine`
 * false, and each rendering is compressed once into a splice-able gzip piece (gzip-splice.ts).
 * A chunk is rendered again only when the projection changes one of its seats or when one of its
 * locks runs out (its `validUntil`), so expiry shows without any write. A caller's own seats are
 * the only per-caller part: the chunks holding them are rendered for that caller. The body is
 * `{"eventId":…,"seats":[…],"serverTime":…}`, with serverTime (fresh on every answer) last, so
 * that it is the only part compressed per request.
 */
import { Inject, Injectable } from '@nestjs/common';
import { seatStatus, type SeatDoc } from '@tessera/projections';
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { CHECKPOINT } from '../../projections/projection-runner';
import { ReadModels } from '../../projections/read-models';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ended, gzipStart, piece, type GzipStart, type Piece } from './gzip-splice';
import { seatView } from './seat-view';

type Audience = 'anonymous' | 'member';

interface Rendering {
  json: string;
  hash: string;
  piece?: Piece;
}

interface Chunk {
  docs: SeatDoc[];
  /** Seats available when last rendered (valid until validUntil, like the renderings). */
  available: number;
  /** The chunk must be rendered again at this instant (ms): the earliest end of a live lock in it. */
  validUntil: number;
  renderings?: Record<Audience, Rendering>;
}

interface ShowGrid {
  chunks: Chunk[];
  /** seatId -> chunk index */
  chunkOf: Map<string, number>;
  dirty: Set<number>;
  /** The shared read store's checkpoint when built (used where another process projects). */
  checkpoint: string | undefined;
}

export interface GridAnswer {
  etag: string;
  /** The show's generation (see `generation`) the answer was computed at. */
  generation: string;
  /** The answer holds until this instant (ms) unless the generation moves: the earliest end of a live lock in the grid. */
  validUntil: number;
  json(): string;
  /** The gzip body in parts (sendParts): the shared start, then the fresh end. */
  gzip(): Buffer[];
}

const hashOf = (text: string): string => createHash('sha1').update(text).digest('base64url');
/** Bound on the compressed grid starts kept (every viewer holding none of the seats shares one per event; ~90 KB each for 10,000 seats). */
const MAX_STARTS = 64;

@Injectable()
export class SeatGridCache {
  private readonly shows = new Map<string, ShowGrid>();
  /** Changes applied per show since start (and a count of whole-model swaps): an answer computed at one generation holds until it moves. */
  private readonly changes = new Map<string, number>();
  private swaps = 0;
  /** startKey -> the compressed body up to serverTime. */
  private readonly starts = new Map<string, GzipStart>();

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly readModels: ReadModels,
  ) {
    readModels.runner.onApplied((applied) => this.changed(applied));
  }

  /** The grid of `showId` as `viewerId` sees it at `now`; undefined when the show has no seats here. */
  async answer(showId: string, viewerId: string | undefined, now: Date): Promise<GridAnswer | undefined> {
    // Taken before any await: a change applied while this answer is computed moves it past this one.
    const generation = this.generation(showId);
    const grid = await this.grid(showId);
    if (!grid) return undefined;
    const audience: Audience = viewerId === undefined ? 'anonymous' : 'member';
    const at = now.getTime();
    const parts: Rendering[] = [];
    let validUntil = Number.POSITIVE_INFINITY;
    for (const chunk of grid.chunks) {
      if (!chunk.renderings || at >= chunk.validUntil) this.render(chunk, now);
      validUntil = Math.min(validUntil, chunk.validUntil);
      const mine = viewerId !== undefined && chunk.docs.some((d) => d.holderId === viewerId && seatStatus(d, now) !== 'available');
      parts.push(mine ? renderFor(chunk.docs, now, viewerId) : chunk.renderings![audience]);
    }
    const etag = `"${hashOf(`${audience}|${parts.map((p) => p.hash).join('|')}`)}"`;
    const head = `{"eventId":${JSON.stringify(showId)},"seats":[`;
    const tail = () => gridTail(now);
    return {
      etag,
      generation,
      validUntil,
      json: () => head + parts.map((p) => p.json).filter((j) => j).join(',') + tail(),
      gzip: () => ended(this.start(startKey(showId, etag), () => [piece(head), ...separated(parts)]), tail()),
    };
  }

  /**
   * The whole gzip body of `showId`'s grid with this ETag and a fresh serverTime, if its start is
   * still kept (the grid shortcut answers a remembered caller's plain GET with it); undefined otherwise.
   */
  gzipAgain(showId: string, etag: string, now: Date): Buffer[] | undefined {
    const start = this.starts.get(startKey(showId, etag));
    return start && ended(start, gridTail(now));
  }

  /** The compressed start of the body with this key, assembled (and its CRC combined) once. */
  private start(key: string, pieces: () => Piece[]): GzipStart {
    let start = this.starts.get(key);
    if (!start) {
      if (this.starts.size >= MAX_STARTS) this.starts.clear();
      this.starts.set(key, (start = gzipStart(pieces())));
    }
    return start;
  }

  /**
   * Moves whenever a change to the show's seats is applied in this process (or the read models are
   * swapped by a rebuild); '' where another process projects, as this one is not told of changes.
   */
  generation(showId: string): string {
    return this.readModels.local ? `${this.swaps}.${this.changes.get(showId) ?? 0}` : '';
  }

  /** Seats of the show neither reserved nor under a live lock at `now` (0 for a show without seats here). */
  async availableCount(showId: string, now: Date): Promise<number> {
    let available = 0;
    for (const n of (await this.availableByCategory(showId, now)).values()) available += n;
    return available;
  }

  /** The same count per price category (a chunk is a row, and a row has one category). */
  async availableByCategory(showId: string, now: Date): Promise<Map<string, number>> {
    const byCategory = new Map<string, number>();
    const grid = await this.grid(showId);
    for (const chunk of grid?.chunks ?? []) {
      if (!chunk.renderings || now.getTime() >= chunk.validUntil) this.render(chunk, now);
      const category = chunk.docs[0].category;
      byCategory.set(category, (byCategory.get(category) ?? 0) + chunk.available);
    }
    return byCategory;
  }

  /** The show's seat documents as last projected, in map order (the box office's sales figures count them). */
  async docs(showId: string): Promise<SeatDoc[]> {
    const grid = await this.grid(showId);
    return grid ? grid.chunks.flatMap((c) => c.docs) : [];
  }

  /**
   * The show's seat documents as last projected, by seat id (undefined for a show without seats
   * here): what best available chooses from, without reading the store per call. A seat taken
   * since the last projection is found out by its lock command, which then fails.
   */
  async seats(showId: string): Promise<((seatId: string) => SeatDoc | undefined) | undefined> {
    const grid = await this.grid(showId);
    if (!grid) return undefined;
    return (seatId) => {
      const chunk = grid.chunkOf.get(seatId);
      return chunk === undefined ? undefined : grid.chunks[chunk].docs.find((d) => d.seatId === seatId);
    };
  }

  private async grid(showId: string): Promise<ShowGrid | undefined> {
    let grid = this.shows.get(showId);
    if (grid && !this.readModels.local) {
      // Another process projects: rebuild when the shared checkpoint moved (one small read per request).
      if ((await this.store.checkpoint(CHECKPOINT)) !== grid.checkpoint) grid = undefined;
    }
    if (grid && grid.dirty.size) await this.reload(showId, grid);
    if (grid) return grid;
    const checkpoint = this.readModels.local ? undefined : await this.store.checkpoint(CHECKPOINT);
    const docs = (await this.store.findBy<SeatDoc>('seats', 'showId', showId)).sort((a, b) => a.index - b.index);
    if (!docs.length) return undefined;
    grid = { chunks: [], chunkOf: new Map(), dirty: new Set(), checkpoint };
    for (const doc of docs) {
      let chunk = grid.chunks[grid.chunks.length - 1];
      if (!chunk || chunk.docs[0].row !== doc.row || chunk.docs[0].section !== doc.section) grid.chunks.push((chunk = { docs: [], validUntil: 0, available: 0 }));
      chunk.docs.push(doc);
      grid.chunkOf.set(doc.seatId, grid.chunks.length - 1);
    }
    this.shows.set(showId, grid);
    return grid;
  }

  /** Reads the documents of the chunks a batch touched (a change noted meanwhile marks its chunk again). */
  private async reload(showId: string, grid: ShowGrid): Promise<void> {
    const dirty = [...grid.dirty];
    grid.dirty.clear();
    for (const i of dirty) {
      const chunk = grid.chunks[i];
      const fresh = await this.store.getMany<SeatDoc>('seats', chunk.docs.map((d) => `${showId}/${d.seatId}`));
      chunk.docs = chunk.docs.map((d) => fresh.get(`${showId}/${d.seatId}`)?.doc ?? d);
      chunk.renderings = undefined;
    }
  }

  private render(chunk: Chunk, now: Date): void {
    chunk.renderings = { anonymous: renderFor(chunk.docs, now, undefined), member: renderFor(chunk.docs, now, '') };
    const ends = chunk.docs.filter((d) => seatStatus(d, now) === 'locked').map((d) => Date.parse(d.lockedUntil!));
    chunk.available = chunk.docs.filter((d) => seatStatus(d, now) === 'available').length;
    chunk.validUntil = ends.length ? Math.min(...ends) : Number.POSITIVE_INFINITY;
  }

  private changed(applied: readonly RecordedEvent[] | 'all'): void {
    if (applied === 'all') {
      this.shows.clear();
      this.swaps++;
      return;
    }
    for (const e of applied) {
      const data = e.data as { showId?: string; seatId?: string };
      if (!data?.showId) continue;
      this.changes.set(data.showId, (this.changes.get(data.showId) ?? 0) + 1);
      const grid = this.shows.get(data.showId);
      if (!grid) continue;
      if (data.seatId === undefined) {
        // The show's own events: only its scheduling gives it seats (a change of name or sales does not).
        if (e.type.startsWith('ShowScheduled')) this.shows.delete(data.showId);
      }
      else {
        const i = grid.chunkOf.get(data.seatId);
        if (i !== undefined) grid.dirty.add(i);
      }
    }
  }
}

/** The ETag covers exactly the seats, and the same seats may be two events' grids: a kept body is an event's and an ETag's. */
const startKey = (showId: string, etag: string): string => `${showId} ${etag}`;

/** The end of a grid body: serverTime last, so that it is the only part compressed per answer. */
const gridTail = (now: Date): string => `],"serverTime":${JSON.stringify(now.toISOString())}}`;

/** `viewerId` '' renders for "a logged-in caller who holds none of these seats". */
function renderFor(docs: readonly SeatDoc[], now: Date, viewerId: string | undefined): Rendering {
  const json = docs.map((d) => JSON.stringify(seatView(d, now, viewerId))).join(',');
  return { json, hash: hashOf(json) };
}

/** The chunks' pieces with the commas between them (each compressed once and kept). */
function separated(parts: Rendering[]): Piece[] {
  const pieces: Piece[] = [];
  parts.forEach((p, i) => {
    if (i > 0) pieces.push(COMMA);
    pieces.push((p.piece ??= piece(p.json)));
  });
  return pieces;
}

const COMMA = piece(',');
