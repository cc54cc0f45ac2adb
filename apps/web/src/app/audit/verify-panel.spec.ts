import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { VerifyPanel } from './verify-panel';

describe('Verify', () => {
  let fixture: ComponentFixture<VerifyPanel>;
  let http: HttpTestingController;
  let root: HTMLElement;

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const verify = async () => {
    root.querySelector('button')!.click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [VerifyPanel], providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VerifyPanel);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('shows a consistent report: consistent, events replayed, no mismatches', async () => {
    await verify();
    http.expectOne('/api/audit/verify/').flush({ consistent: true, eventsReplayed: 1234, mismatches: [] });
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('Consistent: 1,234 events replayed, no mismatches.');
    const report = Array.from(root.querySelectorAll('.report dt, .report dd')).map((cell) => cell.textContent);
    expect(report).toEqual(['consistent', 'true', 'eventsReplayed', '1234', 'mismatches', '0']);
  });

  it('lists every mismatch with the replayed and the live document', async () => {
    await verify();
    http.expectOne('/api/audit/verify/').flush({
      consistent: false,
      eventsReplayed: 10,
      mismatches: [{ collection: 'seats', id: 'e1/A1', expected: { status: 'reserved' }, actual: { status: 'available' } }],
    });
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent?.trim()).toBe('Not consistent: 10 events replayed, 1 mismatch.');
    expect(root.querySelector('.mismatches summary')?.textContent?.trim()).toBe('seats / e1/A1');
    expect(root.querySelector('.mismatches')?.textContent).toContain('"status": "reserved"');
  });

  it('says why when the server refuses', async () => {
    await verify();
    http.expectOne('/api/audit/verify/').flush({ code: 'forbidden', detail: 'This needs the role auditor.' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent?.trim()).toBe('This needs the role auditor.');
  });
});
