import {
  type Briefing,
  BriefingNewsItemSchema,
  BriefingReminderSchema,
  type BriefingSettings,
  BriefingWeatherSchema,
} from '@cyrene/contracts';
import type { BriefingRow, BriefingSettingsRow } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Rows → contract types for briefings. */
export function toBriefing(row: BriefingRow): Briefing {
  return {
    id: row.id,
    user_id: row.user_id,
    date: row.date,
    summary: row.summary,
    summary_source: row.summary_source,
    status: row.status,
    weather: row.weather === null ? null : BriefingWeatherSchema.parse(row.weather),
    news: BriefingNewsItemSchema.array().parse(row.news),
    reminders: BriefingReminderSchema.array().parse(row.reminders),
    created_at: row.created_at.toISOString(),
    generated_at: iso(row.generated_at),
    delivered_at: iso(row.delivered_at),
  };
}

export const DEFAULT_BRIEFING_SETTINGS = { enabled: true, time: '08:00', timezone: 'UTC' } as const;

export function toSettings(userId: string, row: BriefingSettingsRow | undefined): BriefingSettings {
  return row
    ? { user_id: row.user_id, enabled: row.enabled, time: row.time, timezone: row.timezone }
    : { user_id: userId, ...DEFAULT_BRIEFING_SETTINGS };
}
