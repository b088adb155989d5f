import { describe, expect, it } from 'vitest';
import { evaluateConditions } from './conditions';
import { cronProblem, nextCronTime } from './cron';

// 2030-01-02 is a Wednesday; 13:05 UTC is 21:05 in Shanghai.
const now = new Date('2030-01-02T13:05:00Z');

describe('evaluateConditions', () => {
  it('no conditions always pass', () => {
    expect(evaluateConditions({}, now, 'UTC', undefined)).toEqual({ passed: true, results: [] });
  });

  it('time of day in the conditions’ zone, including windows across midnight', () => {
    const shanghai = { timezone: 'Asia/Shanghai' };
    expect(evaluateConditions({ ...shanghai, time_after: '21:00' }, now, 'UTC', undefined)).toEqual({
      passed: true,
      results: [{ name: 'time_after', passed: true, detail: 'now 21:05 Asia/Shanghai, window 21:00-24:00' }],
    });
    expect(
      evaluateConditions({ ...shanghai, time_after: '22:00', time_before: '06:00' }, now, 'UTC', undefined)
        .passed,
    ).toBe(false);
    expect(
      evaluateConditions(
        { time_after: '22:00', time_before: '06:00' },
        new Date('2030-01-02T23:30:00Z'),
        'UTC',
        undefined,
      ).passed,
    ).toBe(true);
    expect(evaluateConditions({ time_before: '13:00' }, now, 'UTC', undefined).passed).toBe(false);
    // The default zone is the schedule trigger's.
    expect(evaluateConditions({ time_before: '13:00' }, now, 'Asia/Tokyo', undefined).passed).toBe(false);
    expect(evaluateConditions({ time_before: '23:00' }, now, 'Asia/Tokyo', undefined).passed).toBe(true);
  });

  it('weekdays, 0 = Sunday', () => {
    expect(evaluateConditions({ weekdays: [3] }, now, 'UTC', undefined).results).toEqual([
      { name: 'weekdays', passed: true, detail: 'now Wednesday (3) UTC' },
    ]);
    expect(evaluateConditions({ weekdays: [0, 6] }, now, 'UTC', undefined).passed).toBe(false);
    // Already Thursday in Auckland.
    expect(
      evaluateConditions({ weekdays: [4], timezone: 'Pacific/Auckland' }, now, 'UTC', undefined).passed,
    ).toBe(true);
  });

  it('event fields must match exactly; runs without an event ignore them', () => {
    const conditions = { event_fields: { type: 'warning' } };
    const warning = { type: 'notification', fields: { type: 'warning' } };
    const info = { type: 'notification', fields: { type: 'info' } };
    expect(evaluateConditions(conditions, now, 'UTC', warning).passed).toBe(true);
    expect(evaluateConditions(conditions, now, 'UTC', info).results).toEqual([
      { name: 'event_fields.type', passed: false, detail: 'event has "info"' },
    ]);
    expect(evaluateConditions(conditions, now, 'UTC', undefined)).toEqual({ passed: true, results: [] });
  });
});

describe('cron', () => {
  it('finds the next match in the zone, strictly after the given time', () => {
    expect(nextCronTime('0 8 * * *', 'Asia/Shanghai', new Date('2030-01-02T00:00:00Z'))?.toISOString()).toBe(
      '2030-01-03T00:00:00.000Z',
    );
    expect(nextCronTime('*/10 * * * * *', 'UTC', new Date('2030-01-01T00:00:00Z'))?.toISOString()).toBe(
      '2030-01-01T00:00:10.000Z',
    );
  });

  it('names what is wrong with a bad expression', () => {
    expect(cronProblem('0 8 * * *', 'UTC')).toBeUndefined();
    expect(cronProblem('61 * * * *', 'UTC')).toMatch(/61/);
  });
});
