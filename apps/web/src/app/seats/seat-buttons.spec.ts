import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { lockedSeat, seat } from '../../testing/seats';
import { GridInput, GridView, buildGridView, mapLayoutOf, simpleLayout } from './grid-view';
import { SeatButtons } from './seat-buttons';

@Component({
  imports: [SeatButtons],
  template: `<div class="row-seats" [appSeatButtons]="grid().rows[0].seats" [activeId]="active()"></div>`,
})
class Host {
  readonly grid = signal<GridView>(buildGridView(input([seat('A1'), seat('A2'), seat('A3')])));
  readonly active = signal<string | null>('seat-A1');
}

function input(seats: GridInput['seats'], layout = simpleLayout([{ label: 'A' }])): GridInput {
  return { seats, layout, currency: 'EUR', serverNowMs: Date.parse('2026-12-22T10:00:00.000Z'), conflicts: new Set() };
}

function render() {
  const fixture = TestBed.createComponent(Host);
  fixture.detectChanges();
  const buttons = () => Array.from(fixture.nativeElement.querySelectorAll('button') as NodeListOf<HTMLButtonElement>);
  return { fixture, host: fixture.componentInstance, buttons };
}

describe('a row of seat buttons', () => {
  it('draws one button per seat with its number, label, tooltip, class and the tab stop', () => {
    const { buttons } = render();
    expect(buttons().map((b) => [b.textContent, b.getAttribute('aria-label'), b.title, b.className, b.tabIndex, b.type])).toEqual([
      ['1', 'Row A, seat 1, available, 50.00 EUR', 'Row A, seat 1, available, 50.00 EUR', 'seat seat--available', 0, 'button'],
      ['2', 'Row A, seat 2, available, 50.00 EUR', 'Row A, seat 2, available, 50.00 EUR', 'seat seat--available', -1, 'button'],
      ['3', 'Row A, seat 3, available, 50.00 EUR', 'Row A, seat 3, available, 50.00 EUR', 'seat seat--available', -1, 'button'],
    ]);
  });

  it('changes only the button of a seat that changed, keeping the others (and the focus) in place', () => {
    const { fixture, host, buttons } = render();
    const before = buttons();
    before[2].focus();
    host.grid.set(buildGridView(input([seat('A1'), lockedSeat('A2', 'bob', '2026-12-22T10:05:00.000Z'), seat('A3')]), host.grid()));
    fixture.detectChanges();
    const after = buttons();
    expect(after).toEqual(before);
    expect(after.every((b, i) => b === before[i])).toBe(true);
    expect(after[1].getAttribute('aria-label')).toBe('Row A, seat 2, locked by bob, 50.00 EUR');
    expect(after[1].className).toBe('seat seat--other');
    expect(document.activeElement).toBe(before[2]);
  });

  it('moves the tab stop to the seat named active', () => {
    const { fixture, host, buttons } = render();
    host.active.set('seat-A3');
    fixture.detectChanges();
    expect(buttons().map((b) => b.tabIndex)).toEqual([-1, -1, 0]);
    host.active.set(null);
    fixture.detectChanges();
    expect(buttons().map((b) => b.tabIndex)).toEqual([-1, -1, -1]);
  });

  it('redraws the row when its seats are others', () => {
    const { fixture, host, buttons } = render();
    host.grid.set(buildGridView(input([seat('A1'), seat('A2')])));
    fixture.detectChanges();
    expect(buttons().map((b) => b.textContent)).toEqual(['1', '2']);
  });

  it("writes a section name from an admin's layout as text, never as markup", () => {
    const layout = mapLayoutOf({
      rows: undefined,
      categories: [{ key: 'c1', name: 'Stalls', price: '50.00', available: 1 }],
      sections: [{ key: 'x', name: '<img src=x onerror=alert(1)> "Stalls"', rows: [{ label: '1', seats: 1, firstNumber: 1, category: 'c1', aislesAfter: [], accessible: [] }] }],
    });
    const { fixture, host, buttons } = render();
    host.grid.set(buildGridView(input([seat('A1', { section: 'x', row: '1', label: '1-1' })], layout)));
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('img')).toBeNull();
    expect(buttons()[0].getAttribute('aria-label')).toBe('<img src=x onerror=alert(1)> "Stalls", row 1, seat 1, available, 50.00 EUR');
  });
});
