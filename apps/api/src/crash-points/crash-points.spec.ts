/**
 * The crash-point switch: armed only by NODE_ENV=test together with TESSERA_CRASH_AT. process.kill
 * is replaced in these tests (the real one would kill Jest's worker); the real SIGKILL is shown by
 * test/faults/crash-points.spec.ts, which also runs a NODE_ENV=production server with the switch set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRASH_POINTS, crashPoint, crashTarget, resetCrashPoints, type CrashPointName } from './crash-points';

describe('crash points', () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, TESSERA_CRASH_AT: process.env.TESSERA_CRASH_AT };
  let kill: jest.SpyInstance;
  beforeEach(() => {
    resetCrashPoints();
    kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const arm = (nodeEnv: string | undefined, crashAt: string | undefined) => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    if (crashAt === undefined) delete process.env.TESSERA_CRASH_AT;
    else process.env.TESSERA_CRASH_AT = crashAt;
  };
  const reachEveryPoint = (times: number) => {
    for (let i = 0; i < times; i++) for (const point of CRASH_POINTS) crashPoint(point);
  };

  it.each(['production', 'development', 'TEST', ' test', 'tests', '', undefined])('can never be triggered with NODE_ENV=%p, whatever TESSERA_CRASH_AT says', (nodeEnv) => {
    for (const point of CRASH_POINTS) {
      for (const spec of [point, `${point}:1`, `${point}:2`]) {
        arm(nodeEnv, spec);
        resetCrashPoints();
        reachEveryPoint(3);
      }
    }
    expect(kill).not.toHaveBeenCalled();
    expect(crashTarget({ NODE_ENV: nodeEnv, TESSERA_CRASH_AT: 'lock.appended' })).toBeUndefined();
  });

  it('in production the switch is not even parsed: a malformed TESSERA_CRASH_AT changes nothing', () => {
    arm('production', 'not a point:0');
    expect(() => reachEveryPoint(1)).not.toThrow();
    expect(kill).not.toHaveBeenCalled();
  });

  it('does nothing in tests without TESSERA_CRASH_AT, or when it names another point', () => {
    arm('test', undefined);
    reachEveryPoint(3);
    arm('test', 'no.such-point');
    reachEveryPoint(3);
    expect(kill).not.toHaveBeenCalled();
  });

  it('with NODE_ENV=test and the point named, sends SIGKILL to this process the first time it is reached', () => {
    arm('test', 'cancel.cancelled');
    crashPoint('lock.appended');
    expect(kill).not.toHaveBeenCalled();
    crashPoint('cancel.cancelled');
    expect(kill).toHaveBeenCalledTimes(1);
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGKILL');
  });

  it('"name:n" dies the n-th time the point is reached, not before', () => {
    arm('test', 'reserve.seat-reserved:3');
    crashPoint('reserve.seat-reserved');
    crashPoint('reserve.seat-reserved');
    crashPoint('lock.appended');
    expect(kill).not.toHaveBeenCalled();
    crashPoint('reserve.seat-reserved');
    expect(kill).toHaveBeenCalledTimes(1);
  });

  it('parses "point" and "point:n" and refuses anything else (in tests only)', () => {
    expect(crashTarget({ NODE_ENV: 'test', TESSERA_CRASH_AT: 'rebuild.page' })).toEqual({ name: 'rebuild.page', nth: 1 });
    expect(crashTarget({ NODE_ENV: 'test', TESSERA_CRASH_AT: 'rebuild.page:2' })).toEqual({ name: 'rebuild.page', nth: 2 });
    expect(crashTarget({ NODE_ENV: 'test' })).toBeUndefined();
    for (const bad of ['rebuild.page:0', 'rebuild.page:x', 'Rebuild page', ':2']) {
      expect(() => crashTarget({ NODE_ENV: 'test', TESSERA_CRASH_AT: bad })).toThrow(/TESSERA_CRASH_AT/);
    }
  });

  it('every point in CRASH_POINTS is called somewhere in the API (a call can only name one of them: the parameter is typed)', () => {
    const files = [
      'reservations/reservation-process.ts',
      'seats/lock-seat/lock-seat.handler.ts',
      'projections/projection-runner.ts',
      'admin/release-seat/release-seat.handler.ts',
      'admin/box-office/show-cancellation.ts',
    ].map((f) => readFileSync(join(__dirname, '..', f), 'utf8'));
    const called = new Set(files.flatMap((text) => [...text.matchAll(/'([a-z-]+\.[a-z-]+)'/g)].map((m) => m[1])).filter((n) => (CRASH_POINTS as readonly string[]).includes(n)));
    expect([...called].sort()).toEqual([...CRASH_POINTS].sort());
    const points: readonly CrashPointName[] = CRASH_POINTS;
    expect(new Set(points).size).toBe(points.length);
  });
});
