// The stops of the time slider: one per distinct instant of the entries, in time order, each with
// what happened then. The grid as of a stop shows that stop's entries already applied.
import { AuditEntry } from './audit-api';
import { entryInstant, entrySeatId, entryUser } from './audit-entries';

export interface HistoryStep {
  /** ISO-8601 UTC, sent as `asOf`. */
  readonly instant: string;
  /** What happened at this instant, e.g. "SeatLocked A1 (alice)"; empty for the stop before the first entry. */
  readonly happened: readonly string[];
}

/**
 * `withStart` adds a stop one millisecond before the first entry: a seat's own history starts with
 * its first lock, and the slider should also show the seat before it.
 */
export function historySteps(entries: readonly AuditEntry[], withStart = false): HistoryStep[] {
  const byInstant = new Map<string, string[]>();
  for (const entry of entries) {
    const instant = entryInstant(entry);
    byInstant.set(instant, [...(byInstant.get(instant) ?? []), describe(entry)]);
  }
  const steps = [...byInstant.entries()]
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([instant, happened]) => ({ instant, happened }));
  if (withStart && steps.length > 0) {
    steps.unshift({ instant: new Date(Date.parse(steps[0].instant) - 1).toISOString(), happened: [] });
  }
  return steps;
}

function describe(entry: AuditEntry): string {
  const seat = entrySeatId(entry);
  return `${entry.type}${seat ? ` ${seat}` : ''} (${entryUser(entry)})`;
}
