/** The caller's reservations, newest first, cancelled ones included; another user's reads as not found. */
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isVisibleReservation, type ReservationDoc } from '@tessera/projections';
import { notFound } from '../../http/problem';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { reservationViews, type ReservationView } from '../reservation-view';

export class MyReservations {
  constructor(readonly userId: string) {}
}

@QueryHandler(MyReservations)
export class MyReservationsHandler implements IQueryHandler<MyReservations, ReservationView[]> {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async execute({ userId }: MyReservations): Promise<ReservationView[]> {
    const docs = await this.store.findBy<ReservationDoc>('reservations', 'userId', userId);
    const visible = docs.filter(isVisibleReservation).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return reservationViews(this.store, visible);
  }
}

export class MyReservation {
  constructor(
    readonly userId: string,
    readonly reservationId: string,
  ) {}
}

@QueryHandler(MyReservation)
export class MyReservationHandler implements IQueryHandler<MyReservation, ReservationView> {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async execute({ userId, reservationId }: MyReservation): Promise<ReservationView> {
    const stored = await this.store.get<ReservationDoc>('reservations', reservationId);
    if (!stored || stored.doc.userId !== userId || !isVisibleReservation(stored.doc)) throw notFound('You have no reservation with this id.');
    const [view] = await reservationViews(this.store, [stored.doc]);
    return view;
  }
}
