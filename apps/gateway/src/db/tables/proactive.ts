import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './columns';

/** §10–§13 and the job runner: jobs, notifications, reminders, automation, briefings. */

/** A jsonb column: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/** A jsonb column that may be null. */
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A timestamptz the application writes, null until then. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A text column that may be null. */
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export type JobStatus = 'scheduled' | 'running' | 'failed';
export type MisfirePolicy = 'skip' | 'once' | 'all';

export interface JobsTable {
  key: string;
  kind: string;
  payload: Json<Record<string, unknown>>;
  occurrence_at: Timestamp;
  run_at: Timestamp;
  status: JobStatus;
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: number;
  misfire: MisfirePolicy;
  misfire_limit: ColumnType<number, number | undefined, number>;
  /** `<instance>:<claim>`: who holds the job while it runs. */
  lease_owner: NullableText;
  lease_until: NullableTimestamp;
  last_error: NullableText;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type JobRow = Selectable<JobsTable>;

export interface NotificationsTable {
  /** uuid */
  id: string;
  /** Per user, from notification_counters in the storing transaction: visible in seq order. */
  seq: number;
  user_id: string;
  type: string;
  title: string;
  body: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: NullableTimestamp;
  idempotency_key: NullableText;
}
export type NotificationRow = Selectable<NotificationsTable>;

/** Per user: the last notification seq handed out (its row lock orders a user's notifications). */
export interface NotificationCountersTable {
  user_id: string;
  last_seq: number;
}

/** Per device: the last notification seq sent to it (saved before the frames go out). */
export interface NotificationCursorsTable {
  user_id: string;
  client_id: string;
  last_seq: number;
  updated_at: Timestamp;
}

export interface RemindersTable {
  id: string;
  user_id: string;
  title: string;
  description: string;
  remind_at: Timestamp;
  status: 'pending' | 'completed' | 'cancelled';
  repeat_type: 'none' | 'daily' | 'weekly' | 'monthly';
  session_id: string;
  notified: boolean;
  timezone: string;
  /** Local wall-clock time (ISO, no offset) in `timezone` that repeats are counted from. */
  anchor_local: string;
  cause_depth: ColumnType<number, number | undefined, number>;
  /** The automation run that created it, if one did. */
  cause_run_id: NullableText;
  idempotency_key: NullableText;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: NullableTimestamp;
}
export type ReminderRow = Selectable<RemindersTable>;

export interface AutomationRulesTable {
  /** 32 hex */
  id: string;
  user_id: string;
  name: string;
  description: string;
  trigger_type: string;
  trigger_config: Json<Record<string, unknown>>;
  conditions: Json<Record<string, unknown>>;
  actions: Json<Record<string, unknown>>;
  enabled: boolean;
  webhook_key: NullableText;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type AutomationRuleRow = Selectable<AutomationRulesTable>;

export interface AutomationScenesTable {
  id: string;
  user_id: string;
  name: string;
  icon: string;
  rule_ids: Json<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export type AutomationSceneRow = Selectable<AutomationScenesTable>;

export interface AutomationRunsTable {
  id: string;
  seq: Generated<number>;
  rule_id: string;
  user_id: string;
  trigger: string;
  event: NullableJson<Record<string, unknown>>;
  depth: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'refused' | 'cancelled';
  reason: NullableText;
  parent_run_id: NullableText;
  conditions: Json<unknown[]>;
  actions: Json<unknown[]>;
  idempotency_key: NullableText;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}
export type AutomationRunRow = Selectable<AutomationRunsTable>;

export interface BriefingsTable {
  /** `brief_` + random characters */
  id: string;
  user_id: string;
  /** YYYY-MM-DD in the user's briefing timezone */
  date: string;
  summary: string;
  summary_source: 'ai' | 'fallback';
  status: 'pending' | 'generated' | 'delivered';
  weather: NullableJson<Record<string, unknown>>;
  news: Json<unknown[]>;
  reminders: Json<unknown[]>;
  created_at: Timestamp;
  generated_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
}
export type BriefingRow = Selectable<BriefingsTable>;

export interface BriefingSettingsTable {
  user_id: string;
  enabled: boolean;
  /** HH:MM */
  time: string;
  timezone: string;
  updated_at: Timestamp;
}
export type BriefingSettingsRow = Selectable<BriefingSettingsTable>;

export interface ProactiveTables {
  jobs: JobsTable;
  notifications: NotificationsTable;
  notification_cursors: NotificationCursorsTable;
  notification_counters: NotificationCountersTable;
  reminders: RemindersTable;
  automation_rules: AutomationRulesTable;
  automation_scenes: AutomationScenesTable;
  automation_runs: AutomationRunsTable;
  briefings: BriefingsTable;
  briefing_settings: BriefingSettingsTable;
}
