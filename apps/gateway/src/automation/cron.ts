import { CronExpressionParser } from 'cron-parser';

/**
 * Cron expressions (5 fields, or 6 with seconds) read in an IANA zone, through cron-parser: a
 * widely used parser whose time-zone handling (via luxon) covers DST gaps and repeats.
 */

/** Why the expression cannot be used, or undefined when it can. */
export function cronProblem(cron: string, timezone: string): string | undefined {
  try {
    CronExpressionParser.parse(cron, { tz: timezone, strict: false }).next();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The first match strictly after `after`, or null when the expression never matches again. */
export function nextCronTime(cron: string, timezone: string, after: Date): Date | null {
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
  } catch {
    return null;
  }
}
