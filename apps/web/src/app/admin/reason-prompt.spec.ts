import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ReasonPrompt } from './reason-prompt';

describe('the reason prompt', () => {
  let fixture: ComponentFixture<ReasonPrompt>;
  let root: HTMLElement;
  const confirmed = jest.fn();
  const dismissed = jest.fn();

  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  };
  const press = async (name: string) => {
    Array.from(root.querySelectorAll('button')).find((b) => b.textContent?.trim() === name)!.click();
    await settle();
  };
  const input = () => root.querySelector('input')!;

  beforeEach(async () => {
    confirmed.mockReset();
    dismissed.mockReset();
    fixture = TestBed.createComponent(ReasonPrompt);
    fixture.componentRef.setInput('heading', 'Cancel Concert XYZ');
    fixture.componentRef.setInput('submitLabel', 'Cancel event');
    fixture.componentRef.setInput('confirmQuestion', 'Cancel Concert XYZ for good?');
    fixture.componentRef.setInput('confirmLabel', 'Yes, cancel the event');
    fixture.componentInstance.confirmed.subscribe(confirmed);
    fixture.componentInstance.dismissed.subscribe(dismissed);
    root = fixture.nativeElement as HTMLElement;
    document.body.appendChild(root);
    await settle();
  });

  afterEach(() => root.remove());

  it('labels its field "Reason", focuses it, and asks again before it confirms with the reason trimmed', async () => {
    expect(root.querySelector('label')?.textContent?.trim()).toBe('Reason');
    expect(document.activeElement).toBe(input());
    input().value = '  The artist is ill ';
    input().dispatchEvent(new Event('input'));
    await press('Cancel event');
    expect(confirmed).not.toHaveBeenCalled();
    expect(root.querySelector('.prompt-reason')?.textContent).toBe('Reason: The artist is ill');
    expect(document.activeElement?.textContent?.trim()).toBe('Yes, cancel the event');
    await press('Yes, cancel the event');
    expect(confirmed).toHaveBeenCalledWith('The artist is ill');
  });

  it('goes back to the reason to change it', async () => {
    input().value = 'Typo';
    input().dispatchEvent(new Event('input'));
    await press('Cancel event');
    await press('Change the reason');
    expect(document.activeElement).toBe(input());
    expect(input().value).toBe('Typo');
  });

  it('closes on Escape, doing nothing', async () => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(dismissed).toHaveBeenCalled();
    expect(confirmed).not.toHaveBeenCalled();
  });
});
