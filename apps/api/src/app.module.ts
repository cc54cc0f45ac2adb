/** The API's modules: one per feature, wired to the ports by InfrastructureModule. */
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PassportModule } from '@nestjs/passport';
import { ScheduleModule } from '@nestjs/schedule';
import { AdminController } from './admin/admin.controller';
import { BoxOfficeController } from './admin/box-office/box-office.controller';
import { CancelForCustomerHandler, CancelShowHandler, ChangeShowHandler, SetSeatBlockedHandler } from './admin/box-office/box-office.handlers';
import { BoxOfficeQueries } from './admin/box-office/box-office.queries';
import { RebuildService } from './admin/rebuild/rebuild.service';
import { AdminReleaseSeatHandler } from './admin/release-seat/release-seat.handler';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { CSRF, type Csrf } from './auth/csrf.provider';
import { LoggedInGuard, RolesGuard } from './auth/guards';
import { LocalStrategy } from './auth/local.strategy';
import { LoginThrottle } from './auth/login-throttle';
import { HealthController } from './health/health.controller';
import { GracefulShutdown } from './http/graceful-shutdown';
import { InfrastructureModule, type Infrastructure } from './infrastructure.module';
import { CancelReservationHandler } from './reservations/cancel-reservation/cancel-reservation.handler';
import { ReservationRecovery } from './reservations/recovery/reservation-recovery';
import { MyReservationHandler, MyReservationsHandler } from './reservations/reservation-queries/reservation-queries';
import { ReservationsController } from './reservations/reservations.controller';
import { ReserveSeatsHandler } from './reservations/reserve-seats/reserve-seats.handler';
import { FindBestSeatsHandler } from './seats/best-available/best-available.handler';
import { ExpirySweeper } from './seats/expiry-sweeper/expiry-sweeper';
import { ExtendHoldsHandler } from './seats/extend-holds/extend-holds.handler';
import { LockSeatHandler } from './seats/lock-seat/lock-seat.handler';
import { HoldsController } from './seats/holds.controller';
import { GridShortcut } from './seats/seat-grid/grid-shortcut';
import { SeatGridCache } from './seats/seat-grid/seat-grid-cache';
import { SeatGridHandler } from './seats/seat-grid/seat-grid.query';
import { SeatRateLimit, SeatRateLimitGuard } from './seats/seat-rate-limit.guard';
import { SeatsController } from './seats/seats.controller';
import { UnlockSeatHandler } from './seats/unlock-seat/unlock-seat.handler';
import { ScheduleShowHandler } from './shows/schedule-show/schedule-show.handler';
import { GetShowHandler, ListShowsHandler } from './shows/show-queries';
import { ShowsController } from './shows/shows.controller';
import { ChangeUserHandler } from './users/change-user/change-user.handler';
import { RegisterUserHandler } from './users/register-user/register-user.handler';
import { UserAccounts } from './users/user-accounts';

export interface AppOptions extends Infrastructure {
  csrf: Csrf;
  /** Timers (sweeper, recovery) off: tests drive them by hand with their own clock. */
  timers: boolean;
}

const HANDLERS: Provider[] = [
  AdminReleaseSeatHandler,
  LockSeatHandler,
  UnlockSeatHandler,
  FindBestSeatsHandler,
  ExtendHoldsHandler,
  SeatGridHandler,
  ReserveSeatsHandler,
  CancelReservationHandler,
  MyReservationsHandler,
  MyReservationHandler,
  ScheduleShowHandler,
  ListShowsHandler,
  GetShowHandler,
  RegisterUserHandler,
  ChangeUserHandler,
  ChangeShowHandler,
  CancelShowHandler,
  SetSeatBlockedHandler,
  CancelForCustomerHandler,
];

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(options),
        CqrsModule.forRoot(),
        PassportModule.register({}),
        ...(options.timers ? [ScheduleModule.forRoot()] : []),
      ],
      controllers: [SeatsController, HoldsController, ShowsController, ReservationsController, AuthController, HealthController, AdminController, BoxOfficeController, AuditController],
      providers: [
        ...HANDLERS,
        { provide: CSRF, useValue: options.csrf },
        UserAccounts,
        LoginThrottle,
        LocalStrategy,
        LoggedInGuard,
        RolesGuard,
        SeatRateLimit,
        SeatRateLimitGuard,
        ExpirySweeper,
        SeatGridCache,
        GridShortcut,
        ReservationRecovery,
        RebuildService,
        GracefulShutdown,
        BoxOfficeQueries,
      ],
    };
  }
}
