// The layout of a new event, built in a form: price categories (key, name, price) and sections
// (key, name) of rows (label, seats, first number, category, aisles, wheelchair places), added and
// removed. It edits the layout's JSON text (`text`, two-way), which the JSON editor beside it shows
// too; `problems` (the layout's rules, and the server's messages) mark the fields they name.
import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import {
  CategoryField,
  EditableLayout,
  EditableRow,
  RowField,
  SectionField,
  addCategory,
  addRow,
  addSection,
  editableLayout,
  fieldText,
  layoutText,
  removeCategory,
  removeRow,
  removeSection,
  rowFieldText,
  setCategory,
  setRow,
  setSection,
} from './layout-edit';

@Component({
  selector: 'app-layout-builder',
  templateUrl: './layout-builder.html',
  styleUrls: ['./admin-forms.css', './layout-builder.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LayoutBuilder {
  readonly text = model.required<string>();
  readonly problems = input<readonly { readonly field: string; readonly message: string }[]>([]);

  protected readonly layout = computed(() => editableLayout(this.text()));
  private readonly invalid = computed(() => new Map(this.problems().map((p) => [p.field, p.message])));

  protected readonly rowFields: readonly { field: RowField; label: string; hint?: string }[] = [
    { field: 'label', label: 'Row' },
    { field: 'seats', label: 'Seats' },
    { field: 'firstNumber', label: 'First number', hint: '1' },
    { field: 'aislesAfter', label: 'Aisle after seat', hint: 'e.g. 6, 12' },
    { field: 'accessible', label: 'Wheelchair places', hint: 'e.g. 1, 14' },
  ];

  protected text$(value: unknown): string {
    return fieldText(value);
  }

  protected rowText(row: EditableRow, field: RowField): string {
    return rowFieldText(row, field);
  }

  /** The rule broken by the field at this path ("sections[0].rows[1].seats"), if any. */
  protected problem(path: string): string | null {
    return this.invalid().get(path) ?? null;
  }

  /** The row's category is one of the layout's (else the list offers "Choose a category"). */
  protected hasCategory(layout: EditableLayout, row: EditableRow): boolean {
    return layout.categories.some((c) => c['key'] === row['category']);
  }

  protected categoryName(category: Readonly<Record<string, unknown>>, index: number): string {
    return typeof category['name'] === 'string' && category['name'] ? category['name'] : `category ${index + 1}`;
  }

  protected sectionName(section: Readonly<Record<string, unknown>>, index: number): string {
    return typeof section['name'] === 'string' && section['name'] ? section['name'] : `section ${index + 1}`;
  }

  protected editCategory(index: number, field: CategoryField, event: Event): void {
    this.edit((l) => setCategory(l, index, field, value(event)));
  }

  protected editSection(index: number, field: SectionField, event: Event): void {
    this.edit((l) => setSection(l, index, field, value(event)));
  }

  protected editRow(section: number, index: number, field: RowField, event: Event): void {
    this.edit((l) => setRow(l, section, index, field, value(event)));
  }

  protected addCategory(): void {
    this.edit(addCategory);
  }

  protected removeCategory(index: number): void {
    this.edit((l) => removeCategory(l, index));
  }

  protected addSection(): void {
    this.edit(addSection);
  }

  protected removeSection(index: number): void {
    this.edit((l) => removeSection(l, index));
  }

  protected addRow(section: number): void {
    this.edit((l) => addRow(l, section));
  }

  protected removeRow(section: number, index: number): void {
    this.edit((l) => removeRow(l, section, index));
  }

  private edit(change: (layout: EditableLayout) => EditableLayout): void {
    const layout = this.layout();
    if (layout) this.text.set(layoutText(change(layout)));
  }
}

const value = (event: Event): string => (event.target as HTMLInputElement | HTMLSelectElement).value;
