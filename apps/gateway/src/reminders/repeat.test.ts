import { describe, expect, it } from 'vitest';
import { anchorOf, nextOccurrence, parseRemindAt } from './repeat';

const iso = (d: Date | null | undefined) => d?.toISOString();

describe('parseRemindAt', () => {
  it('reads Z and offsets as written, and a bare local time in the reminder’s zone', () => {
    expect(iso(parseRemindAt('2024-01-01T15:00:00Z', 'Asia/Shanghai'))).toBe('2024-01-01T15:00:00.000Z');
    expect(iso(parseRemindAt('2024-01-01T15:00:00+08:00', 'UTC'))).toBe('2024-01-01T07:00:00.000Z');
    expect(iso(parseRemindAt('2024-01-01T15:00:00', 'Asia/Shanghai'))).toBe('2024-01-01T07:00:00.000Z');
  });

  it('refuses times that do not exist', () => {
    expect(parseRemindAt('2024-02-30T10:00:00Z', 'UTC')).toBeUndefined();
    expect(parseRemindAt('2024-01-01T25:00:00Z', 'UTC')).toBeUndefined();
    expect(parseRemindAt('tomorrow', 'UTC')).toBeUndefined();
  });
});

describe('nextOccurrence', () => {
  it('monthly on the 31st: end of February, then back to the 31st in March', () => {
    const anchor = anchorOf(new Date('2025-01-31T09:00:00Z'), 'UTC');
    const feb = nextOccurrence(anchor, 'UTC', 'monthly', new Date('2025-01-31T09:00:00Z'));
    expect(iso(feb)).toBe('2025-02-28T09:00:00.000Z');
    const mar = nextOccurrence(anchor, 'UTC', 'monthly', feb as Date);
    expect(iso(mar)).toBe('2025-03-31T09:00:00.000Z');
    const apr = nextOccurrence(anchor, 'UTC', 'monthly', mar as Date);
    expect(iso(apr)).toBe('2025-04-30T09:00:00.000Z');
    // A leap year's February has 29 days.
    const leap = anchorOf(new Date('2024-01-31T09:00:00Z'), 'UTC');
    expect(iso(nextOccurrence(leap, 'UTC', 'monthly', new Date('2024-02-01T00:00:00Z')))).toBe(
      '2024-02-29T09:00:00.000Z',
    );
  });

  it('daily 08:00 in New York stays 08:00 local across the DST change', () => {
    const tz = 'America/New_York';
    const anchor = anchorOf(new Date('2025-03-08T13:00:00Z'), tz); // 08:00 EST
    expect(anchor).toBe('2025-03-08T08:00:00.000');
    const sunday = nextOccurrence(anchor, tz, 'daily', new Date('2025-03-08T13:00:00Z'));
    expect(iso(sunday)).toBe('2025-03-09T12:00:00.000Z'); // 08:00 EDT
    // And back in autumn.
    const autumn = anchorOf(new Date('2025-11-01T12:00:00Z'), tz); // 08:00 EDT
    expect(iso(nextOccurrence(autumn, tz, 'daily', new Date('2025-11-01T12:00:00Z')))).toBe(
      '2025-11-02T13:00:00.000Z',
    );
  });

  it('a wall time that does not exist on the DST day moves forward, and returns after', () => {
    const tz = 'Europe/Berlin';
    const anchor = anchorOf(new Date('2025-03-29T01:30:00Z'), tz); // 02:30 CET
    const gap = nextOccurrence(anchor, tz, 'daily', new Date('2025-03-29T01:30:00Z'));
    expect(iso(gap)).toBe('2025-03-30T01:30:00.000Z'); // 03:30 CEST: 02:30 does not exist
    expect(iso(nextOccurrence(anchor, tz, 'daily', gap as Date))).toBe('2025-03-31T00:30:00.000Z'); // 02:30 CEST
  });

  it('weekly, and catching up after a long pause, lands on the series', () => {
    const anchor = anchorOf(new Date('2025-01-06T10:00:00Z'), 'UTC'); // a Monday
    expect(iso(nextOccurrence(anchor, 'UTC', 'weekly', new Date('2025-03-01T00:00:00Z')))).toBe(
      '2025-03-03T10:00:00.000Z',
    );
    expect(iso(nextOccurrence(anchor, 'UTC', 'daily', new Date('2026-01-01T10:00:00Z')))).toBe(
      '2026-01-02T10:00:00.000Z',
    );
  });

  it('none does not repeat', () => {
    expect(nextOccurrence('2025-01-01T00:00:00.000', 'UTC', 'none', new Date())).toBeNull();
  });
});
