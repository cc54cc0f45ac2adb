/**
 * The projection contract. A projection is pure: for each event it names the documents the event
 * touches (`keys`) and computes each one's next state from its previous one (`apply`). The runner
 * (apps/api/src/projections) reads documents, applies events in global order, guards every write
 * with the document's last applied position and advances its checkpoint after the writes, so a
 * redelivered or replayed event changes nothing.
 */
import type { DomainEvent } from '@tessera/domain';

/** A domain event as the store recorded it: the projection may use its recording time. */
export type ProjectedEvent = DomainEvent & { recordedAt: string };

export interface Projection<D> {
  /** The read-model collection the documents live in. */
  readonly collection: string;
  /** Ids of the documents this event changes; empty when it changes none. */
  keys(event: ProjectedEvent): string[];
  /** The document after the event; `undefined` deletes it. */
  apply(doc: D | undefined, event: ProjectedEvent, key: string): D | undefined;
}

/** Fails the type check when a switch over event types forgets one. */
export const ignore = (_event: never): void => undefined;
