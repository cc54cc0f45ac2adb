import { type BestAvailableRequest, chooseBestAvailable, indexRows } from './best-available';
import { type Layout, type LayoutRow, layoutFromRows } from './layout';

/**
 * Given a venue drawn as text, one line per row, front first ("." free, "x" taken, "w" a free
 * wheelchair place, "W" a taken one, "|" an aisle after the seat before), when a buyer asks, then
 * the seats chosen, drawn the same way with "#" for each.
 */
function venue(sections: Record<string, string[]>, categoryOf: (section: string, row: number) => string = () => 'standard'): { layout: Layout; taken: Set<string> } {
  const taken = new Set<string>();
  const layout: Layout = {
    form: 'sections',
    categories: [
      { key: 'premium', name: 'Premium', price: '80.00' },
      { key: 'standard', name: 'Standard', price: '45.00' },
    ],
    sections: Object.entries(sections).map(([key, lines]) => ({
      key,
      name: key,
      rows: lines.map((line, r): LayoutRow => {
        const seats = line.replace(/\|/g, '');
        const aislesAfter: number[] = [];
        let n = 0;
        for (const c of line) {
          if (c === '|') aislesAfter.push(n);
          else n++;
        }
        [...seats].forEach((c, i) => {
          if (c === 'x' || c === 'W') taken.add(`${key}-${r + 1}-${i + 1}`);
        });
        return {
          label: String(r + 1),
          seats: seats.length,
          category: categoryOf(key, r),
          aislesAfter,
          accessible: [...seats].flatMap((c, i) => (c === 'w' || c === 'W' ? [i + 1] : [])),
        };
      }),
    })),
  };
  return { layout, taken };
}

function choose(sections: Record<string, string[]>, request: BestAvailableRequest, categoryOf?: (section: string, row: number) => string) {
  const { layout, taken } = venue(sections, categoryOf);
  return chooseBestAvailable(indexRows(layout), (id) => !taken.has(id), request);
}

/** The chosen seats drawn into the venue: "#" for each. */
function drawn(sections: Record<string, string[]>, request: BestAvailableRequest, categoryOf?: (section: string, row: number) => string): Record<string, string[]> | null {
  const choice = choose(sections, request, categoryOf);
  if (!choice) return null;
  const chosen = new Set(choice.seatIds);
  return Object.fromEntries(
    Object.entries(sections).map(([key, lines]) => [
      key,
      lines.map((line, r) => {
        let n = 0;
        return [...line].map((c) => (c === '|' ? c : chosen.has(`${key}-${r + 1}-${++n}`) ? '#' : c)).join('');
      }),
    ]),
  );
}

describe('best available seats', () => {
  it('takes seats together in the front row, as near its centre as they go', () => {
    expect(drawn({ stalls: ['..........', '..........'] }, { count: 2 })).toEqual({ stalls: ['....##....', '..........'] });
    expect(drawn({ stalls: ['.........', '.........'] }, { count: 3 })).toEqual({ stalls: ['...###...', '.........'] });
  });

  it('goes a row back when the front row has no room for the group', () => {
    expect(drawn({ stalls: ['x..x..x', '.......'] }, { count: 3 })).toEqual({ stalls: ['x..x..x', '..###..'] });
  });

  it('never puts a group across an aisle', () => {
    expect(drawn({ stalls: ['...|...', '.......'] }, { count: 4 })).toEqual({ stalls: ['...|...', '####...'] });
    expect(choose({ stalls: ['..|..'] }, { count: 3 })).toBeNull();
  });

  it('leaves no single seat stranded when another choice exists, even one further from the centre', () => {
    // Seats 4-5 are the centre but would strand 3 and 6; 3-4 leave 5-6 together.
    expect(drawn({ stalls: ['.x....x.'] }, { count: 2 })).toEqual({ stalls: ['.x##..x.'] });
    // The centre 2-5 would strand 1 and 6.
    expect(drawn({ stalls: ['......'] }, { count: 4 })).toEqual({ stalls: ['####..'] });
  });

  it('strands a seat only when every choice would', () => {
    expect(drawn({ stalls: ['x...x'] }, { count: 2 })).toEqual({ stalls: ['x##.x'] });
  });

  it('keeps to a category and a section when asked', () => {
    const premiumFront = (_section: string, row: number) => (row === 0 ? 'premium' : 'standard');
    expect(drawn({ stalls: ['.......', '.......'] }, { count: 3, category: 'standard' }, premiumFront)).toEqual({ stalls: ['.......', '..###..'] });
    expect(drawn({ stalls: ['.......'], balcony: ['.......'] }, { count: 3, section: 'balcony' })).toEqual({ stalls: ['.......'], balcony: ['..###..'] });
  });

  it('prefers the section listed first between equally good seats', () => {
    expect(drawn({ left: ['.......'], right: ['.......'] }, { count: 3 })).toEqual({ left: ['..###..'], right: ['.......'] });
  });

  it('leaves wheelchair places to those who ask, and gives exactly as many as asked', () => {
    expect(drawn({ stalls: ['w....w'] }, { count: 4 })).toEqual({ stalls: ['w####w'] });
    expect(drawn({ stalls: ['w....w'] }, { count: 2, accessible: 1 })).toEqual({ stalls: ['##...w'] });
    expect(choose({ stalls: ['W....W'] }, { count: 2, accessible: 1 })).toBeNull();
  });

  it('answers no seats when there are not enough together, and the best ones apart with allowSplit', () => {
    const sections = { stalls: ['.x.x.', '..x..'] };
    expect(choose(sections, { count: 3 })).toBeNull();
    expect(drawn(sections, { count: 3, allowSplit: true })).toEqual({ stalls: ['#x#x#', '..x..'] });
    expect(choose(sections, { count: 3, allowSplit: true })?.together).toBe(false);
    expect(choose({ stalls: ['x.x'] }, { count: 2, allowSplit: true })).toBeNull();
  });

  it('reads a simple-form event the same way (seats "A1")', () => {
    const layout = layoutFromRows([
      { label: 'A', seats: 4, price: '50.00' },
      { label: 'B', seats: 4, price: '30.00' },
    ]);
    const taken = new Set(['A2']);
    expect(chooseBestAvailable(indexRows(layout), (id) => !taken.has(id), { count: 2 })).toEqual({ seatIds: ['A3', 'A4'], together: true });
    expect(chooseBestAvailable(indexRows(layout), (id) => !taken.has(id), { count: 3 })).toEqual({ seatIds: ['B1', 'B2', 'B3'], together: true });
    expect(chooseBestAvailable(indexRows(layout), () => true, { count: 2, category: 'c2' })).toEqual({ seatIds: ['B1', 'B2'], together: true });
  });

  it('counts numbers from firstNumber for the centre', () => {
    const layout: Layout = {
      form: 'sections',
      categories: [{ key: 'c', name: 'C', price: '10.00' }],
      sections: [{ key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 6, firstNumber: 101, category: 'c' }] }],
    };
    expect(chooseBestAvailable(indexRows(layout), () => true, { count: 2 })).toEqual({ seatIds: ['balcony-A-103', 'balcony-A-104'], together: true });
  });
});
