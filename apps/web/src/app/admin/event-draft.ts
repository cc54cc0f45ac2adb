// The "create an event" form as plain data, and the pure functions around it: the next row, the
// body the API takes, the seats of the live preview, and the server's field errors placed on the
// inputs they name. The server decides what is valid; the browser only shows what it said.
import { fromCents, toCents } from '../api/money';
import { FieldError } from '../api/problem';
import { Seat } from '../api/seats-api';
import { SeatRowSpec } from '../api/shows-api';
import { CreateEventBody } from './admin-api';

export interface RowDraft {
  /** Stable while the rows are added, removed and edited: tracks the inputs and their errors. */
  readonly key: number;
  readonly label: string;
  /** As typed in the number input. */
  readonly seats: string;
  readonly price: string;
}

export interface EventDraft {
  readonly name: string;
  readonly venue: string;
  /** The datetime-local value, "2027-06-01T20:00", in the browser's time zone. */
  readonly startsAt: string;
  readonly currency: string;
  readonly rows: readonly RowDraft[];
}

export type RowField = 'label' | 'seats' | 'price';

const ROW_LABEL = /^[A-Z]{1,3}$/;
const AMOUNT = /^\d+(\.\d{1,2})?$/;
export const MAX_SEATS_PER_ROW = 200;

export function firstRow(key: number): RowDraft {
  return { key, label: 'A', seats: '12', price: '50.00' };
}

/** A row after the last one: the next label (A → B, Z → AA), the same seats and price. */
export function nextRow(rows: readonly RowDraft[], key: number): RowDraft {
  const last = rows[rows.length - 1];
  if (!last) {
    return firstRow(key);
  }
  return { key, label: nextLabel(last.label), seats: last.seats, price: last.price };
}

/** Row labels count like spreadsheet columns: A … Z, AA … AZ, BA …; "" after something else. */
export function nextLabel(label: string): string {
  if (!ROW_LABEL.test(label)) {
    return '';
  }
  const letters = label.split('');
  let i = letters.length - 1;
  while (i >= 0 && letters[i] === 'Z') {
    letters[i] = 'A';
    i--;
  }
  if (i < 0) {
    letters.unshift('A');
  } else {
    letters[i] = String.fromCharCode(letters[i].charCodeAt(0) + 1);
  }
  const next = letters.join('');
  return ROW_LABEL.test(next) ? next : '';
}

/** A datetime-local value as an ISO-8601 UTC time; null when empty or not a time. */
export function localToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    return null;
  }
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** An ISO-8601 time as the datetime-local value of the same instant in the browser's zone ("2027-06-01T20:00"); '' when not a time. */
export function isoToLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "50" and "50.5" become "50.00" and "50.50"; anything else is left for the server to name. */
export function normalisePrice(price: string): string {
  const trimmed = price.trim();
  return AMOUNT.test(trimmed) ? fromCents(toCents(trimmed)) : trimmed;
}

/**
 * The body of POST /api/admin/events/. What cannot be converted is sent as typed (an empty start
 * time, seats that are not a number) so that the server's answer names the field.
 */
export function toCreateEventBody(draft: EventDraft): CreateEventBody {
  return {
    name: draft.name.trim(),
    venue: draft.venue.trim(),
    startsAt: localToIso(draft.startsAt) ?? draft.startsAt,
    currency: draft.currency.trim().toUpperCase(),
    rows: draft.rows.map((row) => ({
      label: row.label.trim().toUpperCase(),
      seats: /^\d+$/.test(row.seats.trim()) ? Number(row.seats.trim()) : row.seats,
      price: normalisePrice(row.price),
    })),
  };
}

export interface Preview {
  readonly seats: readonly Seat[];
  /** The rows drawn, in order, prices normalised. */
  readonly rows: readonly SeatRowSpec[];
  /** Rows left out until their label, seats and price are valid (or whose label came earlier). */
  readonly rowsLeftOut: number;
}

/** The seats the layout gives (ids like the server's, "A1"), all available: what the preview draws. */
export function previewSeats(rows: readonly RowDraft[]): Preview {
  const seats: Seat[] = [];
  const drawn: SeatRowSpec[] = [];
  let rowsLeftOut = 0;
  for (const row of rows) {
    const label = row.label.trim().toUpperCase();
    const count = Number(row.seats);
    const price = normalisePrice(row.price);
    const valid =
      ROW_LABEL.test(label) &&
      !drawn.some((other) => other.label === label) &&
      Number.isInteger(count) &&
      count >= 1 &&
      count <= MAX_SEATS_PER_ROW &&
      AMOUNT.test(price);
    if (!valid) {
      rowsLeftOut++;
      continue;
    }
    drawn.push({ label, seats: count, price });
    for (let number = 1; number <= count; number++) {
      seats.push({
        id: `${label}${number}`,
        label: `${label}${number}`,
        section: 'main',
        row: label,
        number,
        category: price,
        price,
        accessible: false,
        status: 'available',
        lockedBy: null,
        lockedUntil: null,
        mine: false,
      });
    }
  }
  return { seats, rows: drawn, rowsLeftOut };
}

/** Where a server message is shown: a form field, a row's field, or (unknown field) the form itself. */
export type ErrorKey = 'name' | 'venue' | 'startsAt' | 'currency' | 'rows' | 'form' | `row:${number}` | `row:${number}:${RowField}`;

export type FieldErrors = ReadonlyMap<ErrorKey, readonly string[]>;

const FORM_FIELDS = new Set(['name', 'venue', 'startsAt', 'currency', 'rows']);
const ROW_FIELDS = new Set<string>(['label', 'seats', 'price']);

/**
 * The problem's `errors[]` by input. Row fields come as `rows.2.price` (an index into the rows as
 * they were sent); they are tied to that row's key, so removing a row later cannot move a message
 * onto its neighbour.
 */
export function mapFieldErrors(errors: readonly FieldError[], sentRows: readonly RowDraft[]): FieldErrors {
  const byKey = new Map<ErrorKey, string[]>();
  for (const error of errors) {
    const key = errorKey(error.field, sentRows);
    byKey.set(key, [...(byKey.get(key) ?? []), error.message]);
  }
  return byKey;
}

function errorKey(field: string, sentRows: readonly RowDraft[]): ErrorKey {
  if (FORM_FIELDS.has(field)) {
    return field as ErrorKey;
  }
  const match = /^rows[.[](\d+)\]?(?:\.(\w+))?$/.exec(field);
  const row = match ? sentRows[Number(match[1])] : undefined;
  if (!match || !row) {
    return 'form';
  }
  const rowField = match[2];
  if (rowField === undefined) {
    return `row:${row.key}`;
  }
  return ROW_FIELDS.has(rowField) ? `row:${row.key}:${rowField as RowField}` : `row:${row.key}`;
}

/** The messages for one input, as one sentence block; null when there are none. */
export function errorText(errors: FieldErrors, key: ErrorKey): string | null {
  const messages = errors.get(key);
  return messages && messages.length > 0 ? messages.join(' ') : null;
}
