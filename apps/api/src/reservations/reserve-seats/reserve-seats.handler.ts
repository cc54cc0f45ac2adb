/** Reserve several seats at once, all or nothing, optionally idempotent by key (api.md). */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { reservationDecider, reservationStream } from '@tessera/domain';
import type { SeatDoc, ShowDoc } from '@tessera/projections';
import { seatDocId } from '@tessera/projections';
import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { loadStream, type CommandContext } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { notFound } from '../../http/problem';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import type { SessionUser } from '../../users/user-accounts';
import { ReservationProcess, type ReserveOutcome } from '../reservation-process';

const RESERVATION_ID_NAMESPACE = '9d2e6a41-7c3b-4f58-8e1d-b5a0c6f3e217';
const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

export class ReserveSeats {
  constructor(
    readonly showId: string,
    readonly seatIds: string[],
    readonly paymentMethod: 'card',
    readonly idempotencyKey: string | null,
    readonly user: SessionUser,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ReserveSeats)
export class ReserveSeatsHandler implements ICommandHandler<ReserveSeats, ReserveOutcome> {
  private readonly process: ReservationProcess;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.process = new ReservationProcess(events, clock);
  }

  private keyedReservationId(userId: string, key: string): Promise<string> {
    return keyedReservationId(this.events, this.clock.now(), userId, key);
  }

  async execute(command: ReserveSeats): Promise<ReserveOutcome> {
    const { showId, seatIds, user, idempotencyKey, context } = command;
    const show = await this.store.get<ShowDoc>('shows', showId);
    if (!show) throw notFound('There is no event with this id.');
    const found = await this.store.getMany<SeatDoc>('seats', seatIds.map((id) => seatDocId(showId, id)));
    const missing = seatIds.filter((id) => !found.has(seatDocId(showId, id)));
    if (missing.length) throw notFound(`There is no seat ${missing.join(', ')} in this event.`);
    return this.process.reserve({
      reservationId: idempotencyKey ? await this.keyedReservationId(user.id, idempotencyKey) : randomUUID(),
      show: { id: show.doc.id, name: show.doc.name, currency: show.doc.currency },
      seats: seatIds.map((id) => found.get(seatDocId(showId, id))!.doc),
      user,
      requestHash: requestHash(command),
      idempotencyKey,
      context,
    });
  }
}

/**
 * The reservation an Idempotency-Key stands for. Keys are per user and kept 24 hours (api.md): the
 * n-th use of a key is a v5 UUID of user, key and n, and a use older than 24 hours is passed over,
 * so after a day the same key starts a new reservation.
 */
async function keyedReservationId(events: EventStore, now: Date, userId: string, key: string): Promise<string> {
  for (let generation = 0; ; generation++) {
    const id = uuidv5(`${userId}|${key}|${generation}`, RESERVATION_ID_NAMESPACE);
    const { state } = await loadStream(events, reservationStream(id), reservationDecider);
    if (state.status === 'none' || now.getTime() - Date.parse(state.request.requestedAt) < IDEMPOTENCY_KEY_TTL_MS) return id;
  }
}

/** What "the same body" means for an Idempotency-Key: the same event, seats in the same order, same payment method. */
const requestHash = ({ showId, seatIds, paymentMethod }: ReserveSeats): string =>
  createHash('sha256').update(JSON.stringify({ showId, seatIds, paymentMethod })).digest('base64url');
