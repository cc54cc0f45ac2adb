// The layout builder's edits (sections, rows, categories), done on the layout's JSON text so that
// the form and the JSON editor beside it are two views of one layout. A field is written as the
// admin typed it when it is not a valid value ("12a" seats, "6, x" aisles): the layout's rules
// (layout-draft.ts) then name that field, as the server would.

/** What the builder edits: the layout as JSON values, each possibly of a wrong type. */
export interface EditableLayout {
  readonly categories: readonly EditableCategory[];
  readonly sections: readonly EditableSection[];
}
export type EditableCategory = Readonly<Record<string, unknown>>;
export interface EditableSection {
  readonly [field: string]: unknown;
  readonly rows: readonly EditableRow[];
}
export type EditableRow = Readonly<Record<string, unknown>>;

export type CategoryField = 'key' | 'name' | 'price';
export type SectionField = 'key' | 'name';
export type RowField = 'label' | 'seats' | 'firstNumber' | 'category' | 'aislesAfter' | 'accessible';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The text as the builder can show it: an object whose categories, sections and rows are lists of objects; else null. */
export function editableLayout(text: string): EditableLayout | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || !Array.isArray(value['categories']) || !Array.isArray(value['sections'])) return null;
  const categories = value['categories'] as unknown[];
  const sections = value['sections'] as unknown[];
  if (!categories.every(isObject) || !sections.every((s) => isObject(s) && Array.isArray(s['rows']) && (s['rows'] as unknown[]).every(isObject))) return null;
  return value as unknown as EditableLayout;
}

export const layoutText = (layout: EditableLayout): string => JSON.stringify(layout, null, 2);

export function setCategory(layout: EditableLayout, index: number, field: CategoryField, typed: string): EditableLayout {
  return { ...layout, categories: layout.categories.map((c, i) => (i === index ? { ...c, [field]: typed } : c)) };
}

/** A new category after the others, with a key not yet used. */
export function addCategory(layout: EditableLayout): EditableLayout {
  const key = freshKey('category', layout.categories);
  return { ...layout, categories: [...layout.categories, { key, name: '', price: '' }] };
}

export function removeCategory(layout: EditableLayout, index: number): EditableLayout {
  return { ...layout, categories: layout.categories.filter((_, i) => i !== index) };
}

export function setSection(layout: EditableLayout, index: number, field: SectionField, typed: string): EditableLayout {
  return mapSection(layout, index, (s) => ({ ...s, [field]: typed }));
}

/** A new section after the others, with one row in the first category, so that it is a section at once. */
export function addSection(layout: EditableLayout): EditableLayout {
  const key = freshKey('section', layout.sections);
  const row: EditableRow = { label: '1', seats: 10, category: firstCategoryKey(layout) };
  return { ...layout, sections: [...layout.sections, { key, name: '', rows: [row] }] };
}

export function removeSection(layout: EditableLayout, index: number): EditableLayout {
  return { ...layout, sections: layout.sections.filter((_, i) => i !== index) };
}

/**
 * A new row after the section's last, like it (seats, category, first number) and labelled after
 * it: "3" after "2", "C" after "B"; an admin mostly adds rows of a block.
 */
export function addRow(layout: EditableLayout, section: number): EditableLayout {
  return mapSection(layout, section, (s) => {
    const last = s.rows[s.rows.length - 1];
    const row: Json = { label: nextLabel(typeof last?.['label'] === 'string' ? last['label'] : ''), seats: last?.['seats'] ?? 10, category: last?.['category'] ?? firstCategoryKey(layout) };
    if (last?.['firstNumber'] !== undefined) row['firstNumber'] = last['firstNumber'];
    return { ...s, rows: [...s.rows, row] };
  });
}

export function removeRow(layout: EditableLayout, section: number, index: number): EditableLayout {
  return mapSection(layout, section, (s) => ({ ...s, rows: s.rows.filter((_, i) => i !== index) }));
}

/**
 * A row's field as typed: labels in capitals; seats and first number as numbers when they are
 * (an empty first number is no first number); aisles and wheelchair places as lists of numbers
 * from "6, 12" (empty: none).
 */
export function setRow(layout: EditableLayout, section: number, index: number, field: RowField, typed: string): EditableLayout {
  const value = rowValue(field, typed);
  return mapSection(layout, section, (s) => ({
    ...s,
    rows: s.rows.map((r, i) => {
      if (i !== index) return r;
      const row: Json = { ...r, [field]: value };
      if (value === undefined) delete row[field];
      return row;
    }),
  }));
}

function rowValue(field: RowField, typed: string): unknown {
  const text = typed.trim();
  switch (field) {
    case 'label':
      return text.toUpperCase();
    case 'category':
      return typed;
    case 'seats':
    case 'firstNumber':
      if (text === '') return field === 'firstNumber' ? undefined : '';
      return /^\d+$/.test(text) ? Number(text) : typed;
    case 'aislesAfter':
    case 'accessible': {
      if (text === '') return undefined;
      const parts = text.split(/[\s,]+/).filter((p) => p !== '');
      return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : typed;
    }
  }
}

/** A row's field as its input shows it: lists as "6, 12", absent fields empty. */
export function rowFieldText(row: EditableRow, field: RowField): string {
  const value = row[field];
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export const fieldText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function mapSection(layout: EditableLayout, index: number, change: (section: EditableSection) => EditableSection): EditableLayout {
  return { ...layout, sections: layout.sections.map((s, i) => (i === index ? change(s) : s)) };
}

function firstCategoryKey(layout: EditableLayout): string {
  const key = layout.categories[0]?.['key'];
  return typeof key === 'string' ? key : '';
}

function freshKey(prefix: string, taken: readonly Readonly<Record<string, unknown>>[]): string {
  const keys = new Set(taken.map((t) => t['key']));
  let n = taken.length + 1;
  while (keys.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/** "3" after "2", "C" after "B", "AA" after "Z"; "1" after nothing; nothing after a label of digits and letters. */
export function nextLabel(label: string): string {
  if (/^\d+$/.test(label)) return String(Number(label) + 1);
  if (/^[A-Z]+$/.test(label)) {
    const letters = label.split('');
    let i = letters.length - 1;
    while (i >= 0 && letters[i] === 'Z') letters[i--] = 'A';
    if (i < 0) return `A${letters.join('')}`;
    letters[i] = String.fromCharCode(letters[i].charCodeAt(0) + 1);
    return letters.join('');
  }
  return label === '' ? '1' : '';
}
