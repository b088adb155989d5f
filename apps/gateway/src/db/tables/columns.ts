import type { ColumnType } from 'kysely';

/** Set by the database on insert (`default now()`), never updated. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamptz the application writes. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
