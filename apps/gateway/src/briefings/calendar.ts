import { DateTime } from 'luxon';

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateIn(instant: Date, timezone: string): string {
  return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() ?? instant.toISOString().slice(0, 10);
}

/** The instants a calendar day in a zone spans: [start, end). */
export function dayBounds(date: string, timezone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(date, { zone: timezone }).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** The next HH:MM in a zone strictly after `after` (a time skipped by DST moves forward). */
export function nextDailyTime(time: string, timezone: string, after: Date): Date {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const local = DateTime.fromJSDate(after, { zone: timezone });
  let candidate = local.set({ hour, minute, second: 0, millisecond: 0 });
  while (candidate.toMillis() <= after.getTime())
    candidate = candidate.plus({ days: 1 }).set({ hour, minute });
  return candidate.toJSDate();
}

/** HH:mm of an instant in a zone. */
export const clockIn = (instant: Date, timezone: string): string =>
  DateTime.fromJSDate(instant, { zone: timezone }).toFormat('HH:mm');
