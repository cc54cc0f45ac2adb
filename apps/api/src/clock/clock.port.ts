/** Time is an input: handlers ask the Clock, tests inject one they move by hand. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };
