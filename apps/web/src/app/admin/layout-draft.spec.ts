import { EXAMPLE_LAYOUT, layoutPreview, readLayout } from './layout-draft';

describe('a layout pasted as JSON', () => {
  it('reads the example as a valid layout, and previews its seats with their sections, labels and wheelchair places', () => {
    const { layout, problems } = readLayout(EXAMPLE_LAYOUT);
    expect(problems).toEqual([]);
    const { seats, map } = layoutPreview(layout!);
    expect(seats).toHaveLength(12 + 14 + 10);
    expect(seats[0]).toMatchObject({ id: 'stalls-1-1', label: '1-1', section: 'stalls', price: '80.00', accessible: true, status: 'available' });
    expect(seats[26]).toMatchObject({ label: 'A-101', section: 'balcony', price: '45.00' });
    expect(map.sections.map((s) => s.name)).toEqual(['Stalls', 'Balcony']);
  });

  it('says when the text is not JSON', () => {
    expect(readLayout('{"sections": [').problems).toEqual([{ field: 'layout', message: expect.stringMatching(/^This is not JSON: /) }]);
  });

  it('names every field of the wrong type, as the server names them', () => {
    const text = JSON.stringify({ categories: [{ key: 'Premium', name: 'P', price: '80' }], sections: [{ key: 'stalls', name: 'Stalls', rows: [{ label: 'a', seats: 0, category: 'premium' }] }] });
    expect(readLayout(text).problems.map((p) => p.field)).toEqual(['categories[0].key', 'categories[0].price', 'sections[0].rows[0].label', 'sections[0].rows[0].seats']);
  });

  it('applies the layout rules of the server (libs/domain): a category no row uses, an aisle after the last seat', () => {
    const layout = JSON.parse(EXAMPLE_LAYOUT);
    layout.categories.push({ key: 'vip', name: 'VIP', price: '150.00' });
    layout.sections[0].rows[0].aislesAfter = [12];
    expect(readLayout(JSON.stringify(layout)).problems.map((p) => p.field)).toEqual(['sections[0].rows[0].aislesAfter[0]', 'categories[2]']);
  });
});
