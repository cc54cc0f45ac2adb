import { layoutFromRows } from './layout';
import { givenFor } from '../testing/given';
import { at, iso, SHOW } from '../testing/seat.fixtures';
import type { ShowCommand } from './show.commands';
import { assertSelling, showDecider } from './show.decider';
import { SalesClosed, ShowCancelledError, ShowNotFound } from './show.errors';
import type { ShowEvent } from './show.events';
import { fold } from '../shared/decider';

const given = givenFor(showDecider);
const scheduled: ShowEvent = {
  type: 'ShowScheduled',
  data: { showId: SHOW, name: 'Hamlet', venue: 'Globe', startsAt: iso(86_400), currency: 'EUR', layout: layoutFromRows([{ label: 'A', seats: 2, price: '10.00' }]), scheduledAt: iso(0) },
};
const closed: ShowEvent = { type: 'ShowSalesClosed', data: { showId: SHOW, closedAt: iso(10) } };
const cancelled: ShowEvent = { type: 'ShowCancelled', data: { showId: SHOW, reason: 'The actor is ill', cancelledAt: iso(20) } };
const change = (fields: { name?: string; venue?: string; startsAt?: string }): ShowCommand => ({ type: 'ChangeShowDetails', data: { showId: SHOW, ...fields } });
const sales = (open: boolean): ShowCommand => ({ type: 'SetSalesOpen', data: { showId: SHOW, open } });
const cancel: ShowCommand = { type: 'CancelShow', data: { showId: SHOW, reason: 'The actor is ill' } };
const complete: ShowCommand = { type: 'CompleteCancellation', data: { showId: SHOW } };

describe('changing a show\'s details', () => {
  it('records only the fields that change', () => {
    given([scheduled]).when(change({ name: 'Hamlet', startsAt: iso(172_800) }), at(5)).then([
      { type: 'ShowDetailsChanged', data: { showId: SHOW, startsAt: iso(172_800), changedAt: iso(5) } },
    ]);
  });

  it('records nothing when every field given is as it is', () => {
    given([scheduled]).when(change({ name: 'Hamlet', venue: 'Globe' }), at(5)).thenNothing();
  });

  it('refuses a show that was never scheduled (404) and a cancelled one (409 event_cancelled)', () => {
    given([]).when(change({ name: 'X' }), at(5)).thenThrows(ShowNotFound);
    expect(given([scheduled, cancelled]).when(change({ name: 'X' }), at(30)).thenThrows(ShowCancelledError).code).toBe('event_cancelled');
  });
});

describe('closing and reopening sales', () => {
  it('closes open sales and reopens closed ones', () => {
    given([scheduled]).when(sales(false), at(10)).then([closed]);
    given([scheduled, closed]).when(sales(true), at(11)).then([{ type: 'ShowSalesOpened', data: { showId: SHOW, openedAt: iso(11) } }]);
  });

  it('records nothing for the state sales are already in', () => {
    given([scheduled]).when(sales(true), at(10)).thenNothing();
    given([scheduled, closed]).when(sales(false), at(11)).thenNothing();
  });

  it('refuses both once the show is cancelled', () => {
    given([scheduled, cancelled]).when(sales(true), at(30)).thenThrows(ShowCancelledError);
  });
});

describe('cancelling a show', () => {
  it('records the decision with the organiser\'s reason', () => {
    given([scheduled, closed]).when(cancel, at(20)).then([cancelled]);
  });

  it('refuses a second cancellation', () => {
    given([scheduled, cancelled]).when(cancel, at(30)).thenThrows(ShowCancelledError);
  });

  it('completes a cancellation once, and only a cancellation', () => {
    given([scheduled, cancelled]).when(complete, at(40)).then([{ type: 'ShowCancellationCompleted', data: { showId: SHOW, completedAt: iso(40) } }]);
    given([scheduled, cancelled, { type: 'ShowCancellationCompleted', data: { showId: SHOW, completedAt: iso(40) } }]).when(complete, at(50)).thenNothing();
    given([scheduled]).when(complete, at(40)).thenNothing();
  });
});

describe('whether a show sells', () => {
  const sells = (history: ShowEvent[]) => () => assertSelling(fold(showDecider, history), SHOW);

  it('sells while scheduled with sales open', () => {
    expect(sells([scheduled])).not.toThrow();
    expect(sells([scheduled, closed, { type: 'ShowSalesOpened', data: { showId: SHOW, openedAt: iso(11) } }])).not.toThrow();
  });

  it('answers sales_closed while closed and event_cancelled once cancelled, even if sales were closed first', () => {
    expect(sells([scheduled, closed])).toThrow(SalesClosed);
    expect(sells([scheduled, closed, cancelled])).toThrow(ShowCancelledError);
    expect(sells([])).toThrow(ShowNotFound);
  });
});
