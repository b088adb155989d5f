import { type Kysely, sql } from 'kysely';
import { ownedBy } from '../db/owner';
import type { BriefingRow, BriefingSettingsRow, Database } from '../db/schema';

/** Briefings and briefing settings, scoped by user. */
export class BriefingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  find(userId: string, date: string): Promise<BriefingRow | undefined> {
    return this.db
      .selectFrom('briefings')
      .selectAll()
      .where(ownedBy({ userId }))
      .where('date', '=', date)
      .executeTakeFirst();
  }

  latest(userId: string, limit: number): Promise<BriefingRow[]> {
    return this.db
      .selectFrom('briefings')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('date', 'desc')
      .limit(limit)
      .execute();
  }

  /** Stores the day's briefing, replacing one of the same day (which keeps its id and created_at). */
  upsert(row: BriefingRow): Promise<BriefingRow> {
    const json = {
      weather: row.weather === null ? null : JSON.stringify(row.weather),
      news: JSON.stringify(row.news),
      reminders: JSON.stringify(row.reminders),
    };
    const replaced = {
      summary: row.summary,
      summary_source: row.summary_source,
      status: row.status,
      ...json,
      generated_at: row.generated_at,
      delivered_at: row.delivered_at,
    };
    return this.db
      .insertInto('briefings')
      .values({ ...row, ...json })
      .onConflict((oc) => oc.columns(['user_id', 'date']).doUpdateSet(replaced))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  markDelivered(id: string, at: Date): Promise<BriefingRow> {
    return this.db
      .updateTable('briefings')
      .set({ status: 'delivered', delivered_at: at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  settings(userId: string): Promise<BriefingSettingsRow | undefined> {
    return this.db.selectFrom('briefing_settings').selectAll().where(ownedBy({ userId })).executeTakeFirst();
  }

  saveSettings(row: BriefingSettingsRow): Promise<BriefingSettingsRow> {
    return this.db
      .insertInto('briefing_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          enabled: row.enabled,
          time: row.time,
          timezone: row.timezone,
          updated_at: row.updated_at,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Everyone who still has the default schedule (no settings saved): the registered users and
   * the administrator. Read from the users table for the sweep that gives them their daily job.
   */
  async usersWithDefaults(): Promise<string[]> {
    const rows = await sql<{ id: string }>`
      select id from (select id from users union all select 'admin') as everyone
      where not exists (select 1 from briefing_settings s where s.user_id = everyone.id)`.execute(this.db);
    return rows.rows.map((r) => r.id);
  }
}
