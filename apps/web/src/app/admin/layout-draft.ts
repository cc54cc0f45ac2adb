// A venue layout pasted or uploaded as JSON (api.md "Venue layouts"): read, checked with the same
// rules as the server (libs/domain's layout.ts, shared), and drawn as a preview of its seat map.
import { type Layout, layoutErrors, seatsOf } from '@tessera/layout';
import { Seat } from '../api/seats-api';
import { MapLayout } from '../seats/grid-view';

export interface LayoutDraft {
  /** The layout, when the text is one (its rules may still be broken: see `problems`). */
  readonly layout: Pick<Layout, 'categories' | 'sections'> | null;
  /** What is wrong, each naming its field as the server would ("sections[0].rows[1].category"). */
  readonly problems: readonly { readonly field: string; readonly message: string }[];
}

/** A small theatre, as a starting point and an example of the format. */
export const EXAMPLE_LAYOUT = JSON.stringify(
  {
    categories: [
      { key: 'premium', name: 'Premium', price: '80.00' },
      { key: 'standard', name: 'Standard', price: '45.00' },
    ],
    sections: [
      {
        key: 'stalls',
        name: 'Stalls',
        rows: [
          { label: '1', seats: 12, category: 'premium', aislesAfter: [6], accessible: [1, 12] },
          { label: '2', seats: 14, category: 'standard', aislesAfter: [7] },
        ],
      },
      { key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 10, firstNumber: 101, category: 'standard' }] },
    ],
  },
  null,
  2,
);

const KEY = /^[a-z0-9-]{1,16}$/;
const ROW_LABEL = /^[A-Z0-9]{1,4}$/;
const MONEY = /^(0|[1-9]\d{0,8})\.\d{2}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Reads the text; names every field whose type is wrong, then applies the layout's rules. */
export function readLayout(text: string): LayoutDraft {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    return { layout: null, problems: [{ field: 'layout', message: `This is not JSON: ${(error as Error).message}.` }] };
  }
  if (!isObject(value)) return { layout: null, problems: [{ field: 'layout', message: 'The layout must be a JSON object with "categories" and "sections".' }] };
  const problems: { field: string; message: string }[] = [];
  const need = (ok: boolean, field: string, message: string) => ok || problems.push({ field, message });
  const { categories, sections } = value;
  if (!Array.isArray(categories) || categories.length === 0) need(false, 'categories', 'categories must be a list of at least one category.');
  else
    categories.forEach((c, i) => {
      const at = `categories[${i}]`;
      if (!isObject(c)) return need(false, at, 'Each category is an object with key, name and price.');
      need(typeof c['key'] === 'string' && KEY.test(c['key']), `${at}.key`, 'key must be 1 to 16 lower-case letters, digits or dashes.');
      need(typeof c['name'] === 'string' && c['name'].length >= 1 && c['name'].length <= 60, `${at}.name`, 'name must be 1 to 60 characters.');
      need(typeof c['price'] === 'string' && MONEY.test(c['price']), `${at}.price`, 'price must be a decimal string with two places, such as "80.00".');
      return true;
    });
  if (!Array.isArray(sections) || sections.length === 0) need(false, 'sections', 'sections must be a list of at least one section.');
  else
    sections.forEach((s, i) => {
      const at = `sections[${i}]`;
      if (!isObject(s)) return need(false, at, 'Each section is an object with key, name and rows.');
      need(typeof s['key'] === 'string' && KEY.test(s['key']), `${at}.key`, 'key must be 1 to 16 lower-case letters, digits or dashes.');
      need(typeof s['name'] === 'string' && s['name'].length >= 1 && s['name'].length <= 60, `${at}.name`, 'name must be 1 to 60 characters.');
      const rows = s['rows'];
      if (!Array.isArray(rows) || rows.length === 0) return need(false, `${at}.rows`, 'rows must be a list of at least one row.');
      rows.forEach((r, j) => {
        const row = `${at}.rows[${j}]`;
        if (!isObject(r)) return need(false, row, 'Each row is an object with label, seats and category.');
        need(typeof r['label'] === 'string' && ROW_LABEL.test(r['label']), `${row}.label`, 'label must be 1 to 4 capital letters or digits.');
        need(isCount(r['seats'], 1, 200), `${row}.seats`, 'seats must be a whole number from 1 to 200.');
        need(r['firstNumber'] === undefined || isCount(r['firstNumber'], 1, 9999), `${row}.firstNumber`, 'firstNumber must be a whole number from 1 to 9999.');
        need(typeof r['category'] === 'string', `${row}.category`, "category must be a category's key.");
        for (const list of ['aislesAfter', 'accessible']) {
          const numbers = r[list];
          need(numbers === undefined || (Array.isArray(numbers) && numbers.every((n) => Number.isInteger(n))), `${row}.${list}`, `${list} must be a list of seat numbers.`);
        }
        return true;
      });
      return true;
    });
  if (problems.length) return { layout: null, problems };
  const layout = value as unknown as Pick<Layout, 'categories' | 'sections'>;
  return { layout, problems: layoutErrors(layout) };
}

/** The layout's seats as the seat grid would answer them (all available), and its map, for the preview. */
export function layoutPreview(layout: Pick<Layout, 'categories' | 'sections'>): { seats: Seat[]; map: MapLayout } {
  const seats: Seat[] = seatsOf({ form: 'sections', ...layout }).map((s) => ({
    id: s.seatId,
    label: s.label,
    section: s.section,
    row: s.row,
    number: s.number,
    category: s.category,
    price: s.price,
    accessible: s.accessible,
    status: 'available',
    lockedBy: null,
    lockedUntil: null,
    mine: false,
  }));
  const map: MapLayout = {
    named: true,
    sections: layout.sections.map((s) => ({ key: s.key, name: s.name, rows: s.rows.map((r) => ({ label: r.label, aislesAfter: r.aislesAfter ?? [] })) })),
    categoryIndex: new Map(layout.categories.map((c, i) => [c.key, i])),
  };
  return { seats, map };
}
