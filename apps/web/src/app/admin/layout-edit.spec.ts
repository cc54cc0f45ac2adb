import { readLayout } from './layout-draft';
import { EditableLayout, addCategory, addRow, addSection, editableLayout, layoutText, nextLabel, removeRow, setRow } from './layout-edit';

const STARTING_LAYOUT: EditableLayout = {
  categories: [{ key: 'standard', name: 'Standard', price: '50.00' }],
  sections: [{ key: 'stalls', name: 'Stalls', rows: [{ label: '1', seats: 10, category: 'standard' }] }],
};

describe('editing a layout in the form', () => {
  it('labels a new row after the last one of its section', () => {
    expect(['', '1', '9', '40', 'A', 'B', 'Z', 'AZ', 'ZZ', 'B2'].map(nextLabel)).toEqual(['1', '2', '10', '41', 'B', 'C', 'AA', 'BA', 'AAA', '']);
  });

  it('adds a row like the last one (seats, category, first number)', () => {
    const layout = setRow(STARTING_LAYOUT, 0, 0, 'firstNumber', '101');
    expect(addRow(layout, 0).sections[0].rows[1]).toEqual({ label: '2', seats: 10, category: 'standard', firstNumber: 101 });
  });

  it('reads numbers and lists of numbers as typed, and keeps what is not one so that its rule names the field', () => {
    let layout = setRow(STARTING_LAYOUT, 0, 0, 'aislesAfter', ' 4, 8 12 ');
    layout = setRow(layout, 0, 0, 'label', 'b');
    expect(layout.sections[0].rows[0]).toMatchObject({ label: 'B', aislesAfter: [4, 8, 12] });
    layout = setRow(layout, 0, 0, 'seats', '12a');
    layout = setRow(layout, 0, 0, 'accessible', '1, x');
    expect(readLayout(layoutText(layout)).problems.map((p) => p.field)).toEqual(['sections[0].rows[0].seats', 'sections[0].rows[0].accessible']);
    layout = setRow(layout, 0, 0, 'aislesAfter', '');
    expect('aislesAfter' in layout.sections[0].rows[0]).toBe(false);
  });

  it('gives new sections and categories keys not yet taken, and a new section a first row', () => {
    const layout = addSection(addCategory(addCategory(STARTING_LAYOUT)));
    expect(layout.categories.map((c) => c['key'])).toEqual(['standard', 'category-2', 'category-3']);
    expect(layout.sections[1]).toEqual({ key: 'section-2', name: '', rows: [{ label: '1', seats: 10, category: 'standard' }] });
    expect(removeRow(layout, 1, 0).sections[1].rows).toEqual([]);
  });

  it('shows in the form only text that is an object of categories and sections', () => {
    expect(editableLayout(layoutText(STARTING_LAYOUT))).toEqual(STARTING_LAYOUT);
    expect(editableLayout('{"categories": [], "sections": [{"rows": {}}]}')).toBeNull();
    expect(editableLayout('[1]')).toBeNull();
    expect(editableLayout('{"categories": [')).toBeNull();
  });
});
