import type { ReminderRepeatType } from '@cyrene/contracts';
import { DateTime, type DurationLikeObject } from 'luxon';

/*
 * Reminder times in the reminder's own time zone. Repeats are counted from an anchor, the
 * wall-clock time of the reminder as set: daily 08:00 stays 08:00 across DST changes, and
 * monthly on the 31st falls on the last day of shorter months and comes back to the 31st.
 */

const UNIT: Record<Exclude<ReminderRepeatType, 'none'>, keyof DurationLikeObject> = {
  daily: 'days',
  weekly: 'weeks',
  monthly: 'months',
};

/** Has an explicit `Z` or ±hh:mm offset. */
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * An instant from a client's ISO 8601 text: with Z/offset as written, without one read in
 * `timezone`. undefined when it names no real time (2024-02-30, 25:00, …).
 */
export function parseRemindAt(text: string, timezone: string): Date | undefined {
  const parsed = HAS_OFFSET.test(text.trim())
    ? DateTime.fromISO(text.trim(), { setZone: true })
    : DateTime.fromISO(text.trim(), { zone: timezone });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

/** The wall-clock time of an instant in a zone, as stored for counting repeats. */
export function anchorOf(instant: Date, timezone: string): string {
  return (
    DateTime.fromJSDate(instant, { zone: timezone }).toISO({ includeOffset: false }) ?? instant.toISOString()
  );
}

/** The first occurrence of the series strictly after `after`; null for a reminder that does not repeat. */
export function nextOccurrence(
  anchorLocal: string,
  timezone: string,
  repeat: ReminderRepeatType,
  after: Date,
): Date | null {
  if (repeat === 'none') return null;
  const unit = UNIT[repeat];
  const anchor = DateTime.fromISO(anchorLocal, { zone: timezone });
  if (!anchor.isValid) return null;
  const elapsed = DateTime.fromJSDate(after, { zone: timezone }).diff(anchor, unit).get(unit);
  // Start just before the estimate: calendar units vary in length, the loop settles it.
  for (let k = Math.max(1, Math.floor(elapsed) - 1); ; k++) {
    const candidate = anchor.plus({ [unit]: k });
    if (candidate.toMillis() > after.getTime()) return candidate.toJSDate();
  }
}
