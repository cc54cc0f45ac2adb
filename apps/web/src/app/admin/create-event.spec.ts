import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CreateEvent } from './create-event';

describe('Create an event', () => {
  let fixture: ComponentFixture<CreateEvent>;
  let http: HttpTestingController;
  let root: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CreateEvent],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CreateEvent);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  /** Lets the component's awaited HTTP answer land, then renders. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const input = (id: string) => root.querySelector<HTMLInputElement>(`#${id}`)!;
  const byLabel = (text: string) => {
    const label = Array.from(root.querySelectorAll('label')).find((candidate) => candidate.textContent?.replace(/\s+/g, ' ').trim() === text);
    if (!label) throw new Error(`no label "${text}"`);
    return input(label.htmlFor);
  };
  const type = async (field: HTMLInputElement, value: string) => {
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const button = (name: string) =>
    Array.from(root.querySelectorAll('button')).find((candidate) => candidate.textContent?.replace(/\s+/g, ' ').trim() === name)!;
  const press = async (name: string) => {
    button(name).click();
    await fixture.whenStable();
  };
  const previewSeats = () => Array.from(root.querySelectorAll('app-seat-map-view button')).map((seat) => seat.getAttribute('aria-label'));
  const previewSummary = () => root.querySelector('.preview .hint')?.textContent?.replace(/\s+/g, ' ').trim();

  async function fillEvent(): Promise<void> {
    await type(byLabel('Name'), 'Spring Gala');
    await type(byLabel('Venue'), 'Main Hall');
    await type(byLabel('Starts at'), '2027-06-01T20:00');
  }

  it('labels every input, rows included', () => {
    for (const field of Array.from(root.querySelectorAll('input'))) {
      expect(root.querySelector(`label[for="${field.id}"]`)).not.toBeNull();
    }
    expect(byLabel('Label of row 1').value).toBe('A');
    expect(byLabel('Seats in row A').value).toBe('12');
    expect(byLabel('Price of row A').value).toBe('50.00');
  });

  it('previews the seat map as the rows are edited, added and removed', async () => {
    expect(previewSeats()).toHaveLength(12);
    expect(previewSeats()[0]).toBe('Row A, seat 1, available, 50.00 EUR');
    expect(previewSummary()).toBe('1 row, 12 seats.');

    await press('Add row');
    expect(byLabel('Label of row 2').value).toBe('B');
    await type(byLabel('Seats in row B'), '4');
    await type(byLabel('Price of row B'), '30');
    expect(previewSeats()).toHaveLength(16);
    expect(previewSeats()[12]).toBe('Row B, seat 1, available, 30.00 EUR');
    expect(root.querySelector('.preview .prices')?.textContent).toContain('Row B: 30.00 EUR');

    await type(byLabel('Currency'), 'USD');
    expect(previewSeats()[0]).toBe('Row A, seat 1, available, 50.00 USD');

    await press('Remove row A');
    expect(previewSeats()).toHaveLength(4);
    expect(previewSeats()[0]).toBe('Row B, seat 1, available, 30.00 USD');
  });

  it('leaves out of the preview a row whose label repeats, and says so', async () => {
    await press('Add row');
    await type(byLabel('Label of row 2'), 'a');
    expect(byLabel('Label of row 2').value).toBe('A');
    expect(previewSeats()).toHaveLength(12);
    expect(previewSummary()).toContain('1 row is left out');
  });

  it('keeps the preview out of the tab order and away from clicks', () => {
    expect(root.querySelector('app-seat-map-view')?.hasAttribute('inert')).toBe(true);
  });

  it('sends the event with its start in UTC, then says so and links to the new event', async () => {
    await fillEvent();
    await press('Create event');
    const request = http.expectOne('/api/admin/events/');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      name: 'Spring Gala',
      venue: 'Main Hall',
      startsAt: new Date(2027, 5, 1, 20, 0).toISOString(),
      currency: 'EUR',
      rows: [{ label: 'A', seats: 12, price: '50.00' }],
    });
    request.flush(
      { event: { id: 'e9', name: 'Spring Gala', venue: 'Main Hall', startsAt: '2027-06-01T18:00:00.000Z', currency: 'EUR', seatCount: 12, availableCount: 12, priceFrom: '50.00', categories: [], sections: [], rows: [] } },
      { status: 201, statusText: 'Created' },
    );
    await settle();
    const status = root.querySelector('[role="status"]')!;
    expect(status.textContent).toContain('Event “Spring Gala” created with 12 seats.');
    expect(status.querySelector('a')?.getAttribute('href')).toBe('/events/e9');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('takes a layout in JSON instead of rows: previews its sections, checks its rules, sends categories and sections', async () => {
    await fillEvent();
    byLabel('Sections and price categories').click();
    await fixture.whenStable();
    const textarea = root.querySelector<HTMLTextAreaElement>('#event-layout')!;
    expect(root.querySelector('#event-layout-problems')?.textContent).toContain('A valid layout of 36 seats.');
    expect(previewSeats()[0]).toBe('Stalls, row 1, seat 1, available, 80.00 EUR, wheelchair space');
    expect(Array.from(root.querySelectorAll('app-seat-map-view .row')).length).toBe(3);

    const layout = JSON.parse(textarea.value);
    layout.sections[0].rows[1].category = 'gold';
    textarea.value = JSON.stringify(layout);
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(root.querySelector('#event-layout-problems')?.textContent).toContain('sections[0].rows[1].category');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');

    layout.sections[0].rows[1].category = 'standard';
    textarea.value = JSON.stringify(layout);
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    await press('Create event');
    const request = http.expectOne('/api/admin/events/');
    expect(request.request.body).toEqual({
      name: 'Spring Gala',
      venue: 'Main Hall',
      startsAt: new Date(2027, 5, 1, 20, 0).toISOString(),
      currency: 'EUR',
      categories: layout.categories,
      sections: layout.sections,
    });
    request.flush(
      { status: 400, code: 'validation_failed', detail: 'A field is invalid.', errors: [{ field: 'sections', message: 'An event has at most 100000 seats.' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(root.querySelector('#event-layout-problems')?.textContent).toContain('An event has at most 100000 seats.');
  });

  it('builds a layout in a form: categories, sections, rows with aisles and wheelchair places, all labelled; the JSON follows', async () => {
    await fillEvent();
    byLabel('Sections and price categories').click();
    await fixture.whenStable();
    const textarea = root.querySelector<HTMLTextAreaElement>('#event-layout')!;
    for (const field of Array.from(root.querySelectorAll('app-layout-builder input, app-layout-builder select'))) {
      expect(root.querySelector(`label[for="${field.id}"]`)).not.toBeNull();
    }
    expect(byLabel('Name of section 1').value).toBe('Stalls');
    expect(byLabel('Seats (Stalls, row 2)').value).toBe('14');

    await type(byLabel('Price of Premium'), '90.00');
    expect(previewSeats()[0]).toBe('Stalls, row 1, seat 1, available, 90.00 EUR, wheelchair space');

    await press('Add a row to Stalls');
    expect(byLabel('Row (Stalls, row 3)').value).toBe('3');
    expect(byLabel('Seats (Stalls, row 3)').value).toBe('14');
    await type(byLabel('Aisle after seat (Stalls, row 3)'), '4, 10');
    await type(byLabel('Wheelchair places (Stalls, row 3)'), '1 14');
    const category = root.querySelector<HTMLSelectElement>('#' + root.querySelector('label[for$="row-2-category"]')!.getAttribute('for'))!;
    category.value = 'premium';
    category.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(JSON.parse(textarea.value).sections[0].rows[2]).toEqual({ label: '3', seats: 14, category: 'premium', aislesAfter: [4, 10], accessible: [1, 14] });
    expect(root.querySelector('#event-layout-problems')?.textContent).toContain('A valid layout of 50 seats.');
    expect(previewSeats()).toContain('Stalls, row 3, seat 14, available, 90.00 EUR, wheelchair space');

    await press('Add a section');
    await type(byLabel('Name of section 3'), 'Circle');
    await type(byLabel('Seats (Circle, row 1)'), '0');
    expect(byLabel('Seats (Circle, row 1)').getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#event-layout-problems')?.textContent).toContain('sections[2].rows[0].seats');
    await type(byLabel('Seats (Circle, row 1)'), '8');
    expect(byLabel('Seats (Circle, row 1)').getAttribute('aria-invalid')).toBeNull();
    await press('Remove Balcony');
    expect(byLabel('Name of section 2').value).toBe('Circle');

    await press('Create event');
    const request = http.expectOne('/api/admin/events/');
    expect(request.request.body.categories[0]).toEqual({ key: 'premium', name: 'Premium', price: '90.00' });
    expect(request.request.body.sections.map((s: { name: string; rows: unknown[] }) => [s.name, s.rows.length])).toEqual([
      ['Stalls', 3],
      ['Circle', 1],
    ]);
    request.flush(
      { status: 400, code: 'validation_failed', detail: 'A field is invalid.', errors: [{ field: 'sections[1].key', message: 'Section keys must be unique.' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(byLabel('Key of Circle').getAttribute('aria-invalid')).toBe('true');
    await type(byLabel('Key of Circle'), 'circle');
    expect(root.querySelector('#event-layout-problems')?.textContent).not.toContain('Section keys must be unique.');
  });

  it('opens the JSON to be fixed when the text is no layout the form can show, and shows the form again once it is', async () => {
    byLabel('Sections and price categories').click();
    await fixture.whenStable();
    const details = root.querySelector<HTMLDetailsElement>('details.layout-json')!;
    expect(details.open).toBe(false);
    const textarea = root.querySelector<HTMLTextAreaElement>('#event-layout')!;
    const valid = textarea.value;
    textarea.value = valid.slice(0, -2);
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(details.open).toBe(true);
    expect(root.querySelector('app-layout-builder')?.textContent).toContain('The form shows the layout again once its JSON below is an object of categories and sections.');
    expect(root.querySelector('#event-layout-problems')?.textContent).toContain('This is not JSON');
    textarea.value = valid;
    textarea.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(byLabel('Name of section 1').value).toBe('Stalls');
  });

  it('shows each of the server\'s field errors beside the input it names, and an alert', async () => {
    await fillEvent();
    await press('Add row');
    await press('Create event');
    http.expectOne('/api/admin/events/').flush(
      {
        status: 400,
        code: 'validation_failed',
        detail: '3 fields are invalid: startsAt, rows.1.price, rows',
        errors: [
          { field: 'startsAt', message: 'startsAt must be in the future.' },
          { field: 'rows.1.price', message: 'price must be a decimal string with two places, such as "50.00"' },
          { field: 'rows', message: 'Row labels must be unique; A appears more than once.' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();

    expect(root.querySelector('[role="alert"]')?.textContent).toContain('The event was not created. Check the fields marked below.');
    const startsAt = byLabel('Starts at');
    expect(startsAt.getAttribute('aria-invalid')).toBe('true');
    expect(startsAt.getAttribute('aria-describedby')).toContain('event-starts-at-error');
    expect(root.querySelector('#event-starts-at-error')?.textContent).toContain('startsAt must be in the future.');

    const secondPrice = byLabel('Price of row B');
    expect(secondPrice.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector(`#${secondPrice.getAttribute('aria-describedby')}`)?.textContent).toContain('price must be a decimal string');
    expect(byLabel('Price of row A').getAttribute('aria-invalid')).toBeNull();
    expect(root.querySelector('#rows-error')?.textContent).toContain('Row labels must be unique');
    expect(byLabel('Name').getAttribute('aria-invalid')).toBeNull();
  });

  it('keeps a row\'s message on that row when a row before it is removed', async () => {
    await fillEvent();
    await press('Add row');
    await press('Create event');
    http.expectOne('/api/admin/events/').flush(
      { status: 400, code: 'validation_failed', detail: 'x', errors: [{ field: 'rows.1.seats', message: 'seats must be at most 200' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await press('Remove row A');
    expect(byLabel('Seats in row B').getAttribute('aria-invalid')).toBe('true');
    expect(root.textContent).toContain('seats must be at most 200');
  });

  it('shows the API\'s sentence for a refusal that names no field', async () => {
    await fillEvent();
    await press('Create event');
    http.expectOne('/api/admin/events/').flush(
      { status: 403, code: 'forbidden', detail: 'This needs the role admin.' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe('This needs the role admin.');
  });
});
