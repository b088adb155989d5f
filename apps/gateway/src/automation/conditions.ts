import type { RuleConditions } from '@cyrene/contracts';
import { DateTime } from 'luxon';

/** One evaluated condition, as a run's trace shows it. */
export interface ConditionResult {
  name: string;
  passed: boolean;
  detail?: string;
}

export interface RunEvent {
  type: string;
  fields: Record<string, string>;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Evaluates a rule's conditions at `now`. Time of day and weekday are read in the conditions'
 * zone (else `defaultZone`); event_fields compare the event's fields exactly and are left out on
 * runs without an event. All must pass.
 */
export function evaluateConditions(
  conditions: RuleConditions,
  now: Date,
  defaultZone: string,
  event: RunEvent | undefined,
): { passed: boolean; results: ConditionResult[] } {
  const zone = conditions.timezone ?? defaultZone;
  const local = DateTime.fromJSDate(now, { zone });
  const clock = local.toFormat('HH:mm');
  const results: ConditionResult[] = [];
  const { time_after: after, time_before: before } = conditions;

  if (after !== undefined || before !== undefined) {
    const inWindow =
      after !== undefined && before !== undefined
        ? after <= before
          ? clock >= after && clock < before
          : clock >= after || clock < before // the window wraps midnight
        : after !== undefined
          ? clock >= after
          : clock < (before as string);
    const window = `${after ?? '00:00'}-${before ?? '24:00'}`;
    const detail = `now ${clock} ${zone}, window ${window}`;
    if (after !== undefined) results.push({ name: 'time_after', passed: inWindow, detail });
    if (before !== undefined) results.push({ name: 'time_before', passed: inWindow, detail });
  }

  if (conditions.weekdays !== undefined) {
    const day = local.weekday % 7; // luxon: 1 = Monday … 7 = Sunday
    results.push({
      name: 'weekdays',
      passed: conditions.weekdays.includes(day),
      detail: `now ${WEEKDAYS[day]} (${day}) ${zone}`,
    });
  }

  if (conditions.event_fields !== undefined && event) {
    for (const [field, expected] of Object.entries(conditions.event_fields)) {
      const actual = event.fields[field];
      results.push({
        name: `event_fields.${field}`,
        passed: actual === expected,
        detail: actual === undefined ? 'the event has no such field' : `event has ${JSON.stringify(actual)}`,
      });
    }
  }

  return { passed: results.every((r) => r.passed), results };
}
