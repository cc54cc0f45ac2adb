/**
 * Best available seats (api.md "Best available and more time"): which `count` free seats of a
 * show a buyer gets when they ask for seats rather than pick them. Pure: the layout and which
 * seats are free now in, the choice out; the application takes the locks.
 *
 * The choice, in order: `count` adjacent seats (one row, consecutive numbers, no aisle between)
 * whose taking strands no seat; else adjacent seats that strand one; else, with `allowSplit`, the
 * `count` best seats one by one; else none. A stranded seat is a free seat left with no free
 * neighbour in its run (the part of a row between aisles or row ends), where before it had one.
 * Among candidates the best is nearest the front centre: fewer rows from its section's front, then
 * the group's middle nearer the middle of its row's numbers, then the section listed first, then
 * the lower seat number.
 */
import { type Layout, type LayoutRow, numbersOf } from './layout';

export interface BestAvailableRequest {
  count: number;
  /** Only seats of this category. */
  category?: string;
  /** Only seats of this section. */
  section?: string;
  /** Exactly this many of the seats are wheelchair places (default 0: none, they are left for those who ask). */
  accessible?: number;
  /** When no `count` adjacent seats exist, the `count` best seats wherever they are. */
  allowSplit?: boolean;
}

export interface BestAvailableChoice {
  /** The seats chosen, best group's seats by number (split: best first). */
  seatIds: string[];
  /** Adjacent: one row, consecutive numbers, no aisle between. */
  together: boolean;
}

/** A row of the layout as the chooser reads it: its seats' ids by number, its runs, its rank. */
export interface RowIndex {
  sectionKey: string;
  /** Place of the section in the layout (the section listed first wins a tie). */
  sectionIndex: number;
  /** Rows from the section's front: 0 for its first row. */
  depth: number;
  category: string;
  /** The middle of the row's seat numbers (first to last). */
  middle: number;
  /** Runs of seats between aisles and row ends, each in number order. */
  runs: { seatId: string; number: number; accessible: boolean }[][];
}

/**
 * The layout's rows, indexed once per show: front rows of every section first (depth 0, then 1,
 * …), so that a search can stop at the first depth that has a candidate.
 */
export function indexRows(layout: Pick<Layout, 'form' | 'sections'>): RowIndex[] {
  const simple = layout.form === 'rows';
  const rows: RowIndex[] = [];
  layout.sections.forEach((section, sectionIndex) =>
    section.rows.forEach((row, depth) => rows.push(rowIndex(section.key, sectionIndex, depth, row, simple))),
  );
  return rows.sort((a, b) => a.depth - b.depth || a.sectionIndex - b.sectionIndex);
}

function rowIndex(sectionKey: string, sectionIndex: number, depth: number, row: LayoutRow, simple: boolean): RowIndex {
  const numbers = numbersOf(row);
  const aisles = new Set(row.aislesAfter ?? []);
  const accessible = new Set(row.accessible ?? []);
  const runs: RowIndex['runs'] = [[]];
  for (const number of numbers) {
    const label = simple ? `${row.label}${number}` : `${row.label}-${number}`;
    runs[runs.length - 1].push({ seatId: simple ? label : `${sectionKey}-${label}`, number, accessible: accessible.has(number) });
    if (aisles.has(number) && number !== numbers[numbers.length - 1]) runs.push([]);
  }
  return { sectionKey, sectionIndex, depth, category: row.category, middle: (numbers[0] + numbers[numbers.length - 1]) / 2, runs };
}

interface Candidate {
  row: RowIndex;
  run: RowIndex['runs'][number];
  /** Index in the run of the group's first seat. */
  start: number;
  strands: boolean;
}

/** Rank of a group: depth, distance of its middle from the row's, section order, first number. */
function better(a: Candidate, b: Candidate, count: number): boolean {
  if (a.row.depth !== b.row.depth) return a.row.depth < b.row.depth;
  const da = Math.abs((a.run[a.start].number + a.run[a.start + count - 1].number) / 2 - a.row.middle);
  const db = Math.abs((b.run[b.start].number + b.run[b.start + count - 1].number) / 2 - b.row.middle);
  if (da !== db) return da < db;
  if (a.row.sectionIndex !== b.row.sectionIndex) return a.row.sectionIndex < b.row.sectionIndex;
  return a.run[a.start].number < b.run[b.start].number;
}

/**
 * The best available seats, or null when there are not `count` of them (409 `not_enough_seats`).
 * `rows` is `indexRows(layout)`; `isFree(seatId)` says whether a seat is available now (not held
 * by a live lock, not reserved, not blocked). Deterministic: the same state gives the same choice.
 */
export function chooseBestAvailable(rows: readonly RowIndex[], isFree: (seatId: string) => boolean, request: BestAvailableRequest): BestAvailableChoice | null {
  const { count, category, section, allowSplit = false } = request;
  const wheelchair = request.accessible ?? 0;
  // The HTTP layer refuses such requests (400); no choice satisfies them.
  if (!Number.isInteger(count) || count < 1 || wheelchair > count) return null;
  const eligible = (row: RowIndex) => (category === undefined || row.category === category) && (section === undefined || row.sectionKey === section);

  // Adjacent groups, front rows first: the search ends with the first depth holding a group that
  // strands no seat (no deeper row can beat it); a stranding group is only the fallback.
  let best: Candidate | null = null;
  let fallback: Candidate | null = null;
  let depth = -1;
  for (const row of rows) {
    if (row.depth !== depth) {
      if (best) break;
      depth = row.depth;
    }
    if (!eligible(row)) continue;
    for (const run of row.runs) {
      if (run.length < count) continue;
      const free = run.map((seat) => isFree(seat.seatId));
      let freeInWindow = 0;
      let wheelchairInWindow = 0;
      for (let end = 0; end < run.length; end++) {
        if (free[end]) freeInWindow++;
        if (run[end].accessible) wheelchairInWindow++;
        const start = end - count + 1;
        if (start > 0) {
          if (free[start - 1]) freeInWindow--;
          if (run[start - 1].accessible) wheelchairInWindow--;
        }
        if (start < 0 || freeInWindow !== count || wheelchairInWindow !== wheelchair) continue;
        const candidate: Candidate = { row, run, start, strands: strands(free, start, end) };
        if (!candidate.strands) {
          if (!best || better(candidate, best, count)) best = candidate;
        } else if (!best && (!fallback || better(candidate, fallback, count))) fallback = candidate;
      }
    }
  }
  const group = best ?? fallback;
  if (group) return { seatIds: group.run.slice(group.start, group.start + count).map((s) => s.seatId), together: true };
  return allowSplit ? bestSingles(rows, isFree, eligible, count, wheelchair) : null;
}

/** Taking seats start..end of a run strands a free seat just outside them that had only them as free neighbour. */
function strands(free: readonly boolean[], start: number, end: number): boolean {
  const left = start - 1;
  const right = end + 1;
  const strandedLeft = left >= 0 && free[left] && !(left - 1 >= 0 && free[left - 1]);
  const strandedRight = right < free.length && free[right] && !(right + 1 < free.length && free[right + 1]);
  return strandedLeft || strandedRight;
}

/** The `count` best free seats one by one (`wheelchair` of them wheelchair places), best first. */
function bestSingles(
  rows: readonly RowIndex[],
  isFree: (seatId: string) => boolean,
  eligible: (row: RowIndex) => boolean,
  count: number,
  wheelchair: number,
): BestAvailableChoice | null {
  type Single = { row: RowIndex; run: RowIndex['runs'][number]; index: number; seat: RowIndex['runs'][number][number] };
  const places: Single[] = [];
  const others: Single[] = [];
  for (const row of rows) {
    if (!eligible(row)) continue;
    row.runs.forEach((run) => run.forEach((seat, index) => isFree(seat.seatId) && (seat.accessible ? places : others).push({ row, run, index, seat })));
  }
  if (places.length < wheelchair || others.length < count - wheelchair) return null;
  const rank = (a: Single, b: Single) =>
    a.row.depth - b.row.depth ||
    Math.abs(a.seat.number - a.row.middle) - Math.abs(b.seat.number - b.row.middle) ||
    a.row.sectionIndex - b.row.sectionIndex ||
    a.seat.number - b.seat.number;
  const chosen = [...places.sort(rank).slice(0, wheelchair), ...others.sort(rank).slice(0, count - wheelchair)].sort(rank);
  return { seatIds: chosen.map((s) => s.seat.seatId), together: adjacent(chosen) };
}

/** One run, consecutive places in it. */
function adjacent(seats: readonly { run: unknown; index: number }[]): boolean {
  if (seats.length === 0) return false;
  const indexes = seats.map((s) => s.index).sort((a, b) => a - b);
  return seats.every((s) => s.run === seats[0].run) && indexes.every((index, i) => i === 0 || index === indexes[i - 1] + 1);
}
