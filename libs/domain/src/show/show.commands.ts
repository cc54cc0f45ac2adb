/** What a show's stream (`show-{showId}`) can be asked to do by the box office. */

/** Only the fields given change; a field given with its current value changes nothing. */
export interface ChangeShowDetails {
  type: 'ChangeShowDetails';
  data: { showId: string; name?: string; venue?: string; startsAt?: string };
}

/** `open: false` closes sales, `open: true` reopens them; the state it already has changes nothing. */
export interface SetSalesOpen {
  type: 'SetSalesOpen';
  data: { showId: string; open: boolean };
}

export interface CancelShow {
  type: 'CancelShow';
  data: { showId: string; reason: string };
}

/** The cancellation's process is done (idempotent: a second completion records nothing). */
export interface CompleteCancellation {
  type: 'CompleteCancellation';
  data: { showId: string };
}

export type ShowCommand = ChangeShowDetails | SetSalesOpen | CancelShow | CompleteCancellation;
