/**
 * A show's seat map (api.md "Venue layouts"): sections of rows, and price categories that cut
 * across rows. The simple form of release 0.1 (rows of seats, a price per row) is a layout too:
 * one section, one category per distinct row price (`layoutFromRows`). Seats follow from the
 * layout alone (`seatsOf`), so every reader derives the same seats, ids and order from the event.
 */

/** A row of the simple form: seats `{label}1` to `{label}{seats}`, all at one price. */
export interface SeatRow {
  label: string;
  seats: number;
  /** Decimal string with two places, e.g. "50.00". */
  price: string;
}

export interface Category {
  key: string;
  name: string;
  price: string;
}

export interface LayoutRow {
  /** 1–4 of [A-Z0-9], unique within its section. */
  label: string;
  seats: number;
  /** The first seat's number (default 1); numbers run up from it. */
  firstNumber?: number;
  category: string;
  /** Seat numbers after which an aisle runs: the seats on either side are not adjacent. */
  aislesAfter?: number[];
  /** Seat numbers that are wheelchair places. */
  accessible?: number[];
}

export interface Section {
  key: string;
  name: string;
  /** Front (nearest the stage) first. */
  rows: LayoutRow[];
}

export interface Layout {
  /** How the admin described it: `rows` (the simple form, seat labels "A1") or `sections`. */
  form: 'rows' | 'sections';
  categories: Category[];
  sections: Section[];
}

export const MAX_SEATS_PER_SHOW = 100_000;
/** The one section of a simple-form layout. */
export const SIMPLE_SECTION = { key: 'main', name: 'Seats' } as const;

/** One seat as the layout places it: ids, labels and price fixed when the show is scheduled. */
export interface SeatLayoutEntry {
  /** Opaque, unique within the show: "A1" in the simple form, "stalls-1-5" in a layout. */
  seatId: string;
  /** As a person says it within its section: "A1", or "1-5". */
  label: string;
  section: string;
  row: string;
  number: number;
  category: string;
  price: string;
  accessible: boolean;
}

/** The simple form as a layout: one section, categories `c1`, `c2`, … named by price, in order of first use. */
export function layoutFromRows(rows: readonly SeatRow[]): Layout {
  const categories: Category[] = [];
  const keyOf = new Map<string, string>();
  for (const { price } of rows) {
    if (!keyOf.has(price)) {
      keyOf.set(price, `c${keyOf.size + 1}`);
      categories.push({ key: keyOf.get(price)!, name: price, price });
    }
  }
  const section = { ...SIMPLE_SECTION, rows: rows.map(({ label, seats, price }) => ({ label, seats, category: keyOf.get(price)! })) };
  return { form: 'rows', categories, sections: [section] };
}

/** The simple form's rows of a simple-form layout (as release 0.1 answered them). */
export function rowsOf(layout: Layout): SeatRow[] {
  const price = new Map(layout.categories.map((c) => [c.key, c.price]));
  return layout.sections.flatMap((s) => s.rows.map((r) => ({ label: r.label, seats: r.seats, price: price.get(r.category)! })));
}

/** The seat numbers of a row, in order. */
export const numbersOf = (row: Pick<LayoutRow, 'seats' | 'firstNumber'>): number[] =>
  Array.from({ length: row.seats }, (_, i) => (row.firstNumber ?? 1) + i);

/** The seats a layout gives: sections in order, rows front to back, seats by number. */
export function seatsOf(layout: Layout): SeatLayoutEntry[] {
  const price = new Map(layout.categories.map((c) => [c.key, c.price]));
  const simple = layout.form === 'rows';
  return layout.sections.flatMap((section) =>
    section.rows.flatMap((row) => {
      const accessible = new Set(row.accessible ?? []);
      return numbersOf(row).map((number) => {
        const label = simple ? `${row.label}${number}` : `${row.label}-${number}`;
        return {
          seatId: simple ? label : `${section.key}-${label}`,
          label,
          section: section.key,
          row: row.label,
          number,
          category: row.category,
          price: price.get(row.category)!,
          accessible: accessible.has(number),
        };
      });
    }),
  );
}

export const seatCountOf = (layout: Pick<Layout, 'sections'>): number =>
  layout.sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.seats, 0), 0);

export interface LayoutFieldError {
  field: string;
  message: string;
}

/**
 * The rules of a layout that a field's own type cannot state (api.md "Venue layouts"): keys unique
 * among sections and among categories, row labels unique within a section, aisles and wheelchair
 * places at seats of their row, every row's category known and every category used, at most
 * MAX_SEATS_PER_SHOW seats. Fields are named as in the body: `sections[0].rows[1].category`.
 * Assumes each field already has its type (the HTTP layer checks that first).
 */
export function layoutErrors(layout: Pick<Layout, 'categories' | 'sections'>): LayoutFieldError[] {
  const errors: LayoutFieldError[] = [];
  const twice = (keys: string[]) => [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  const sectionKeys = twice(layout.sections.map((s) => s.key));
  if (sectionKeys.length) errors.push({ field: 'sections', message: `Section keys must be unique; ${sectionKeys.join(', ')} appears more than once.` });
  const categoryKeys = twice(layout.categories.map((c) => c.key));
  if (categoryKeys.length) errors.push({ field: 'categories', message: `Category keys must be unique; ${categoryKeys.join(', ')} appears more than once.` });
  const known = new Set(layout.categories.map((c) => c.key));
  const used = new Set<string>();
  layout.sections.forEach((section, s) => {
    const labels = twice(section.rows.map((r) => r.label));
    if (labels.length) errors.push({ field: `sections[${s}].rows`, message: `Row labels must be unique within a section; ${labels.join(', ')} appears more than once in ${section.name}.` });
    section.rows.forEach((row, r) => {
      const at = `sections[${s}].rows[${r}]`;
      const first = row.firstNumber ?? 1;
      const last = first + row.seats - 1;
      used.add(row.category);
      if (!known.has(row.category)) errors.push({ field: `${at}.category`, message: `category "${row.category}" is not one of the event's categories (${[...known].join(', ')}).` });
      (row.aislesAfter ?? []).forEach((n, i) => {
        if (n < first || n >= last) errors.push({ field: `${at}.aislesAfter[${i}]`, message: `An aisle runs after a seat of the row other than its last: ${first} to ${last - 1}, not ${n}.` });
      });
      const aisles = twice((row.aislesAfter ?? []).map(String));
      if (aisles.length) errors.push({ field: `${at}.aislesAfter`, message: `aislesAfter names seat ${aisles.join(', ')} more than once.` });
      (row.accessible ?? []).forEach((n, i) => {
        if (n < first || n > last) errors.push({ field: `${at}.accessible[${i}]`, message: `A wheelchair place is a seat of the row: ${first} to ${last}, not ${n}.` });
      });
      const places = twice((row.accessible ?? []).map(String));
      if (places.length) errors.push({ field: `${at}.accessible`, message: `accessible names seat ${places.join(', ')} more than once.` });
    });
  });
  layout.categories.forEach((c, i) => {
    if (!used.has(c.key)) errors.push({ field: `categories[${i}]`, message: `Category "${c.key}" is used by no row; remove it or give it a row.` });
  });
  const total = seatCountOf(layout);
  if (total > MAX_SEATS_PER_SHOW) errors.push({ field: 'sections', message: `An event has at most ${MAX_SEATS_PER_SHOW} seats; this layout has ${total}.` });
  return errors;
}
