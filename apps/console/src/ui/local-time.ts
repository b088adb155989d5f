/*
 * `<input type="datetime-local">` speaks the browser's wall-clock time; the contracts want ISO
 * instants. These convert between the two, in the browser's own time zone.
 */

/** The browser's IANA time zone (what a person means by "08:00"). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * A `datetime-local` value as an ISO instant. A value that is no time at all (empty, half typed)
 * is passed on as it is, so the schema's or the gateway's own message about it is what shows.
 */
export function localInputToIso(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value (to the minute, or to the second); '' for none. */
export function isoToLocalInput(iso: string | undefined, precision: 'minute' | 'second' = 'minute'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const minute = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return precision === 'second' ? `${minute}:${pad(d.getSeconds())}` : minute;
}
