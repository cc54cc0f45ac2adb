import { DomainError } from '../shared/domain-error';

/** Any change to a show, or any sale in it, after it was cancelled. */
export class ShowCancelledError extends DomainError {
  constructor(readonly showId: string, detail = 'This event was cancelled; nothing about it can change any more') {
    super('event_cancelled', detail);
  }
}

/** A lock, best available or reservation while the box office has closed sales. */
export class SalesClosed extends DomainError {
  constructor(readonly showId: string, detail = 'Sales for this event are closed at the moment; try again later') {
    super('sales_closed', detail);
  }
}

/** No show with this id has been scheduled. */
export class ShowNotFound extends DomainError {
  constructor(readonly showId: string, detail = 'There is no event with this id.') {
    super('not_found', detail);
  }
}
