import { seat } from '../../testing/seats';
import { buildGridView, simpleLayout } from './grid-view';
import { nextSeat } from './seat-grid';

describe('arrow keys on the seat map', () => {
  // Row A has 3 seats, row B only 2.
  const grid = buildGridView({
    seats: [seat('A1'), seat('A2'), seat('A3'), seat('B1'), seat('B2')],
    layout: simpleLayout([{ label: 'A' }, { label: 'B' }]),
    currency: 'EUR',
    serverNowMs: 0,
    conflicts: new Set(),
  });
  const at = (id: string) => grid.byId.get(`seat-${id}`)!;
  const move = (from: string, key: string, ctrl = false) => nextSeat(grid, at(from), key, ctrl)?.label;

  it('moves right and left within a row, stopping at its ends', () => {
    expect(move('A1', 'ArrowRight')).toBe('A2');
    expect(move('A3', 'ArrowRight')).toBe('A3');
    expect(move('A2', 'ArrowLeft')).toBe('A1');
    expect(move('A1', 'ArrowLeft')).toBe('A1');
  });

  it('moves down and up between rows, to the nearest seat of a shorter row', () => {
    expect(move('A3', 'ArrowDown')).toBe('B2');
    expect(move('B1', 'ArrowUp')).toBe('A1');
    expect(move('B1', 'ArrowDown')).toBe('B1');
  });

  it('jumps to the ends of the row with Home and End, and of the map with Ctrl', () => {
    expect(move('A2', 'Home')).toBe('A1');
    expect(move('A2', 'End')).toBe('A3');
    expect(move('A2', 'End', true)).toBe('B2');
    expect(move('B2', 'Home', true)).toBe('A1');
  });

  it('leaves other keys alone', () => {
    expect(nextSeat(grid, at('A1'), 'Enter')).toBeNull();
  });
});
