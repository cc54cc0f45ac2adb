export * from './projection';
export * from './seat-grid.projection';
export * from './shows.projection';
export * from './reservations.projection';
export * from './users.projection';
import { reservationsProjection } from './reservations.projection';
import { seatGridProjection } from './seat-grid.projection';
import { showsProjection } from './shows.projection';
import { usersProjection } from './users.projection';

/** Every read model, in the order the runner applies them. */
export const ALL_PROJECTIONS = [seatGridProjection, showsProjection, reservationsProjection, usersProjection] as const;
