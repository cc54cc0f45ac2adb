// The seat map's view model, built once per change of the seats (not per second, not per seat
// timer). Seats whose description did not change keep their previous view object, so a poll
// that changes a handful of seats touches only those in the DOM.
import { formatMoney } from '../api/money';
import { Seat } from '../api/seats-api';
import { SeatRowSpec, ShowDetail, isLayoutEvent } from '../api/shows-api';
import { SeatState, seatDescription, seatState } from './seat-state';

export interface SeatView {
  readonly id: string;
  readonly label: string;
  readonly number: number;
  readonly state: SeatState;
  /** aria-label and tooltip: "Row A, seat 1, available, 50.00 EUR" (with the section in a layout event). */
  readonly description: string;
  readonly classes: string;
  /** Position in the map (rows counted across sections), for the arrow keys. */
  readonly rowIndex: number;
  readonly seatIndex: number;
}

export interface RowView {
  /** Unique in the map: section key and row label. */
  readonly key: string;
  readonly label: string;
  readonly price: string;
  readonly seats: readonly SeatView[];
}

export interface SectionView {
  readonly key: string;
  /** Shown above its rows; '' in a simple-form event (one section, no name to show). */
  readonly name: string;
  readonly rows: readonly RowView[];
}

export interface GridView {
  /** Every row, sections in order: what the arrow keys walk. */
  readonly rows: readonly RowView[];
  readonly sections: readonly SectionView[];
  readonly byId: ReadonlyMap<string, SeatView>;
}

/** What the map needs of the event's layout: sections and rows in venue order, aisles, category colours. */
export interface MapLayout {
  /** A layout event: sections are named on the map and in every seat's label. */
  readonly named: boolean;
  readonly sections: readonly { readonly key: string; readonly name: string; readonly rows: readonly { readonly label: string; readonly aislesAfter: readonly number[] }[] }[];
  /** Category key -> its place in the legend, which picks its colour. */
  readonly categoryIndex: ReadonlyMap<string, number>;
}

export interface GridInput {
  readonly seats: readonly Seat[];
  /** Sections and rows in venue order; rows the seats name but the layout lacks follow in order of appearance. */
  readonly layout: MapLayout;
  readonly currency: string;
  readonly serverNowMs: number;
  readonly conflicts: ReadonlySet<string>;
}

/** The map's layout of an event as the API answers it (either form). */
export function mapLayoutOf(show: Pick<ShowDetail, 'sections' | 'categories' | 'rows'>): MapLayout {
  return {
    named: isLayoutEvent(show),
    sections: show.sections.map((s) => ({ key: s.key, name: s.name, rows: s.rows.map((r) => ({ label: r.label, aislesAfter: r.aislesAfter })) })),
    categoryIndex: new Map(show.categories.map((c, i) => [c.key, i])),
  };
}

/** The layout of a simple-form event's rows (the admin's preview draws one before the event exists). */
export function simpleLayout(rows: readonly Pick<SeatRowSpec, 'label'>[]): MapLayout {
  return { named: false, sections: [{ key: 'main', name: '', rows: rows.map((r) => ({ label: r.label, aislesAfter: [] })) }], categoryIndex: new Map() };
}

/** Categories have a colour each, in legend order; past the palette they repeat. */
export const CATEGORY_COLOURS = 6;

const STATE_CLASS: Readonly<Record<SeatState, string>> = {
  available: 'seat seat--available',
  'held-by-me': 'seat seat--mine',
  'held-by-other': 'seat seat--other',
  reserved: 'seat seat--reserved',
  'reserved-by-me': 'seat seat--reserved-mine',
  blocked: 'seat seat--blocked',
};

const rowKey = (section: string, row: string): string => `${section}|${row}`;

export function buildGridView(input: GridInput, previous?: GridView): GridView {
  const { layout } = input;
  const rows = groupByRow(input.seats, layout);
  const aisles = new Map(layout.sections.flatMap((s) => s.rows.map((r) => [rowKey(s.key, r.label), new Set(r.aislesAfter)] as const)));
  const sectionName = new Map(layout.sections.map((s) => [s.key, s.name]));
  const byId = new Map<string, SeatView>();
  const rowViews: RowView[] = [];
  const sections: { key: string; name: string; rows: RowView[] }[] = [];
  rows.forEach((seats, rowIndex) => {
    const section = seats[0].section;
    const key = rowKey(section, seats[0].row);
    const previousRow = previous?.rows[rowIndex];
    let rowUnchanged = previousRow !== undefined && previousRow.key === key && previousRow.seats.length === seats.length;
    const context: SeatContext = { input, section: layout.named ? (sectionName.get(section) ?? section) : null, aisles: aisles.get(key) };
    const views = seats.map((seat, seatIndex) => {
      const view = seatView(seat, rowIndex, seatIndex, context, previous?.byId.get(seat.id));
      byId.set(seat.id, view);
      rowUnchanged = rowUnchanged && previousRow?.seats[seatIndex] === view;
      return view;
    });
    const price = rowPrice(seats, input.currency);
    const row = rowUnchanged && previousRow && previousRow.price === price ? previousRow : { key, label: seats[0].row, price, seats: views };
    rowViews.push(row);
    const last = sections[sections.length - 1];
    if (last?.key === section) last.rows.push(row);
    else sections.push({ key: section, name: layout.named ? (sectionName.get(section) ?? section) : '', rows: [row] });
  });
  return { rows: rowViews, sections: keepUnchanged(sections, previous?.sections), byId };
}

/** A section whose rows are all the same objects as before is the same object, so Angular skips it. */
function keepUnchanged(sections: SectionView[], previous: readonly SectionView[] | undefined): SectionView[] {
  return sections.map((section, i) => {
    const before = previous?.[i];
    const same = before && before.key === section.key && before.name === section.name && before.rows.length === section.rows.length && before.rows.every((r, j) => r === section.rows[j]);
    return same ? before : section;
  });
}

interface SeatContext {
  readonly input: GridInput;
  /** The section's name in a layout event, for the seat's label; null in a simple-form one. */
  readonly section: string | null;
  readonly aisles: ReadonlySet<number> | undefined;
}

function seatView(seat: Seat, rowIndex: number, seatIndex: number, context: SeatContext, previous: SeatView | undefined): SeatView {
  const { input } = context;
  const state = seatState(seat, input.serverNowMs);
  const description = seatDescription(seat, state, input.currency, context.section);
  let classes = STATE_CLASS[state];
  if (context.section !== null) classes += ` seat--cat-${(input.layout.categoryIndex.get(seat.category) ?? 0) % CATEGORY_COLOURS}`;
  if (context.aisles?.has(seat.number)) classes += ' seat--aisle';
  if (seat.accessible) classes += ' seat--wheelchair';
  if (input.conflicts.has(seat.id)) classes += ' seat--conflict';
  if (
    previous &&
    previous.description === description &&
    previous.classes === classes &&
    previous.rowIndex === rowIndex &&
    previous.seatIndex === seatIndex &&
    previous.label === seat.label
  ) {
    return previous;
  }
  return { id: seat.id, label: seat.label, number: seat.number, state, description, classes, rowIndex, seatIndex };
}

/** Seats grouped by row, sections and rows in venue order, seats by number. */
export function groupByRow(seats: readonly Seat[], layout: MapLayout): Seat[][] {
  const byRow = new Map<string, Seat[]>();
  for (const section of layout.sections) {
    for (const row of section.rows) {
      byRow.set(rowKey(section.key, row.label), []);
    }
  }
  // The API sends a row's seats one after another: the row of the seat before is tried first.
  let last: Seat | undefined;
  let row: Seat[] | undefined;
  for (const seat of seats) {
    if (!row || !last || seat.row !== last.row || seat.section !== last.section) {
      const key = rowKey(seat.section, seat.row);
      row = byRow.get(key);
      if (!row) {
        row = [];
        byRow.set(key, row);
      }
    }
    row.push(seat);
    last = seat;
  }
  const rows: Seat[][] = [];
  for (const row of byRow.values()) {
    if (row.length > 0) {
      rows.push(isSortedByNumber(row) ? row : [...row].sort((a, b) => a.number - b.number));
    }
  }
  return rows;
}

function isSortedByNumber(row: readonly Seat[]): boolean {
  for (let i = 1; i < row.length; i++) {
    if (row[i - 1].number > row[i].number) {
      return false;
    }
  }
  return true;
}

/** "50.00 EUR", or "40.00–60.00 EUR" for a row whose seats differ in price. */
function rowPrice(seats: readonly Seat[], currency: string): string {
  let low = seats[0].price;
  let high = low;
  for (const seat of seats) {
    // Most rows have one price: a string compared is far cheaper than a number parsed, per seat.
    if (seat.price === low || seat.price === high) continue;
    if (Number(seat.price) < Number(low)) low = seat.price;
    else if (Number(seat.price) > Number(high)) high = seat.price;
  }
  return formatMoney(low === high ? low : `${low}–${high}`, currency);
}

export interface PriceBand {
  /** "Rows A–J", or a category's name. */
  readonly label: string;
  readonly price: string;
  /** A category's colour class, in a layout event. */
  readonly swatch?: string;
}

/** For the legend of a layout event: each category with its price and colour. */
export function categoryBands(show: { readonly categories: readonly { readonly name: string; readonly price: string }[]; readonly currency: string }): PriceBand[] {
  return show.categories.map((c, i) => ({ label: c.name, price: formatMoney(c.price, show.currency), swatch: `seat--cat-${i % CATEGORY_COLOURS}` }));
}

/** For the legend: "Rows A–J: 50.00 EUR", contiguous rows of one price grouped together. */
export function priceBands(rows: readonly SeatRowSpec[], currency: string): PriceBand[] {
  const bands: { first: string; last: string; price: string }[] = [];
  for (const row of rows) {
    const current = bands[bands.length - 1];
    if (current && current.price === row.price) {
      current.last = row.label;
    } else {
      bands.push({ first: row.label, last: row.label, price: row.price });
    }
  }
  return bands.map((band) => ({
    label: band.first === band.last ? `Row ${band.first}` : `Rows ${band.first}–${band.last}`,
    price: formatMoney(band.price, currency),
  }));
}
