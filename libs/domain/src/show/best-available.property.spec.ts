/**
 * Random venues (sections, rows, aisles, wheelchair places, categories), random seats taken and
 * random requests. The chooser must never give a seat twice or a taken one, never put a group
 * across an aisle, keep to the filters, strand no seat whenever some group would strand none, and
 * choose exactly what a brute-force reading of the contract chooses: every group of every row,
 * ranked by the contract's order. Choosing twice on the same state gives the same seats.
 */
import fc from 'fast-check';
import { type BestAvailableRequest, chooseBestAvailable, indexRows } from './best-available';
import { type Layout, numbersOf, seatsOf } from './layout';

const CATEGORIES = ['premium', 'standard'] as const;

const row = fc
  .record({
    seats: fc.integer({ min: 1, max: 12 }),
    firstNumber: fc.constantFrom(1, 1, 101),
    category: fc.constantFrom(...CATEGORIES),
    aisleMask: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    wheelchairMask: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  })
  .map(({ seats, firstNumber, category, aisleMask, wheelchairMask }) => {
    const numbers = numbersOf({ seats, firstNumber });
    return {
      seats,
      firstNumber,
      category,
      // Aisles are rare, wheelchair places rarer: a third and a sixth of the masks' places.
      aislesAfter: numbers.slice(0, -1).filter((_, i) => aisleMask[i] && aisleMask[(i + 1) % 12]),
      accessible: numbers.filter((_, i) => wheelchairMask[i] && wheelchairMask[(i + 3) % 12] && wheelchairMask[(i + 5) % 12]),
    };
  });

const layout: fc.Arbitrary<Layout> = fc.array(fc.array(row, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }).map((sections) => ({
  form: 'sections',
  categories: CATEGORIES.map((key) => ({ key, name: key, price: '10.00' })),
  sections: sections.map((rows, s) => ({ key: `s${s}`, name: `S${s}`, rows: rows.map((r, i) => ({ ...r, label: String(i + 1) })) })),
}));

const scenario = layout.chain((venue) => {
  const ids = seatsOf(venue).map((s) => s.seatId);
  return fc.record({
    venue: fc.constant(venue),
    taken: fc.subarray(ids),
    request: fc.record(
      {
        count: fc.integer({ min: 1, max: 5 }),
        category: fc.constantFrom(...CATEGORIES),
        section: fc.constantFrom(...venue.sections.map((s) => s.key)),
        accessible: fc.integer({ min: 0, max: 2 }),
        allowSplit: fc.boolean(),
      },
      { requiredKeys: ['count'] },
    ) as fc.Arbitrary<BestAvailableRequest>,
  });
});

interface Place {
  seatId: string;
  section: number;
  depth: number;
  run: number;
  number: number;
  accessible: boolean;
  middle: number;
  category: string;
  sectionKey: string;
}

/** Every seat with its run (aisles cut runs), its row's middle and its rank fields. */
function places(venue: Layout): Place[][] {
  const rows: Place[][] = [];
  venue.sections.forEach((section, s) =>
    section.rows.forEach((r, depth) => {
      const numbers = numbersOf(r);
      let run = 0;
      rows.push(
        numbers.map((number) => {
          const place = {
            seatId: `${section.key}-${r.label}-${number}`,
            section: s,
            depth,
            run,
            number,
            accessible: (r.accessible ?? []).includes(number),
            middle: (numbers[0] + numbers[numbers.length - 1]) / 2,
            category: r.category,
            sectionKey: section.key,
          };
          if ((r.aislesAfter ?? []).includes(number)) run++;
          return place;
        }),
      );
    }),
  );
  return rows;
}

/** The contract read literally: all groups, stranding checked on every seat of the row, ranked. */
function oracle(venue: Layout, taken: ReadonlySet<string>, request: BestAvailableRequest): string[] | null {
  const { count } = request;
  const wheelchair = request.accessible ?? 0;
  if (wheelchair > count) return null;
  const free = (p: Place) => !taken.has(p.seatId);
  const eligible = (p: Place) => (request.category === undefined || p.category === request.category) && (request.section === undefined || p.sectionKey === request.section);
  const hasFreeNeighbour = (row: Place[], i: number, isFree: (p: Place) => boolean) =>
    [i - 1, i + 1].some((j) => row[j] !== undefined && row[j].run === row[i].run && isFree(row[j]));
  const groups: { seats: Place[]; strands: boolean }[] = [];
  for (const row of places(venue)) {
    for (let start = 0; start + count <= row.length; start++) {
      const seats = row.slice(start, start + count);
      if (!seats.every((p) => free(p) && eligible(p) && p.run === seats[0].run)) continue;
      if (seats.filter((p) => p.accessible).length !== wheelchair) continue;
      const chosen = new Set(seats.map((p) => p.seatId));
      const freeAfter = (p: Place) => free(p) && !chosen.has(p.seatId);
      const strands = row.some((p, i) => freeAfter(p) && hasFreeNeighbour(row, i, free) && !hasFreeNeighbour(row, i, freeAfter));
      groups.push({ seats, strands });
    }
  }
  const rank = (g: Place[]) => [g[0].depth, Math.abs((g[0].number + g[g.length - 1].number) / 2 - g[0].middle), g[0].section, g[0].number];
  const before = (a: number[], b: number[]) => a.findIndex((v, i) => v !== b[i]) >= 0 && a[a.findIndex((v, i) => v !== b[i])] < b[a.findIndex((v, i) => v !== b[i])];
  const best = (candidates: typeof groups) => candidates.reduce<Place[] | null>((b, g) => (b === null || before(rank(g.seats), rank(b)) ? g.seats : b), null);
  const group = best(groups.filter((g) => !g.strands)) ?? best(groups);
  if (group) return group.map((p) => p.seatId);
  if (!request.allowSplit) return null;
  const singles = places(venue).flat().filter((p) => free(p) && eligible(p));
  const one = (p: Place) => [p.depth, Math.abs(p.number - p.middle), p.section, p.number];
  const sorted = (list: Place[]) => [...list].sort((a, b) => (before(one(a), one(b)) ? -1 : before(one(b), one(a)) ? 1 : 0));
  const wheelchairs = sorted(singles.filter((p) => p.accessible)).slice(0, wheelchair);
  const others = sorted(singles.filter((p) => !p.accessible)).slice(0, count - wheelchair);
  if (wheelchairs.length < wheelchair || others.length < count - wheelchair) return null;
  return sorted([...wheelchairs, ...others]).map((p) => p.seatId);
}

describe('best available, on random venues', () => {
  it('chooses what the contract read literally chooses, never a taken seat, a seat twice or a group across an aisle', () => {
    fc.assert(
      fc.property(scenario, ({ venue, taken, request }) => {
        const isTaken = new Set(taken);
        const rows = indexRows(venue);
        const choice = chooseBestAvailable(rows, (id) => !isTaken.has(id), request);
        expect(choice?.seatIds ?? null).toEqual(oracle(venue, isTaken, request));
        expect(chooseBestAvailable(rows, (id) => !isTaken.has(id), request)).toEqual(choice);
        if (!choice) return;
        const byId = new Map(places(venue).flat().map((p) => [p.seatId, p]));
        const seats = choice.seatIds.map((id) => byId.get(id)!);
        expect(new Set(choice.seatIds).size).toBe(request.count);
        expect(seats.every((p) => !isTaken.has(p.seatId))).toBe(true);
        expect(seats.filter((p) => p.accessible)).toHaveLength(request.accessible ?? 0);
        if (request.category) expect(seats.every((p) => p.category === request.category)).toBe(true);
        if (request.section) expect(seats.every((p) => p.sectionKey === request.section)).toBe(true);
        if (choice.together) {
          const numbers = seats.map((p) => p.number).sort((a, b) => a - b);
          expect(seats.every((p) => p.sectionKey === seats[0].sectionKey && p.depth === seats[0].depth && p.run === seats[0].run)).toBe(true);
          expect(numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
