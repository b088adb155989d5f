import type { ColumnType, Selectable } from 'kysely';
import type { CreatedAt, Timestamp } from './columns';

/** §1: users, refresh tokens, and the installation row. */

export interface UsersTable {
  /** `user_<username>` */
  id: string;
  username: string;
  nickname: string;
  email: string;
  password_hash: string;
  created_at: CreatedAt;
  /** Bumped to end every login of the user at once; tokens carry the one they were issued under. */
  token_generation: ColumnType<number, never, number>;
  /**
   * A row that differed from an older one only by case when usernames became unique regardless
   * of case (migration 009): kept, but outside the unique index on lower(username).
   */
  legacy_case_duplicate: ColumnType<boolean, never, never>;
}
export type UserRow = Selectable<UsersTable>;

/** One row per refresh token ever issued; a login's tokens share a family. */
export interface RefreshTokensTable {
  jti: string;
  family_id: string;
  user_id: string;
  issued_at: CreatedAt;
  expires_at: Timestamp;
  used_at: ColumnType<Date | null, never, Date | string | null>;
  revoked_at: ColumnType<Date | null, never, Date | string | null>;
}
export type RefreshTokenRow = Selectable<RefreshTokensTable>;

/** One row: when this gateway's database was created (the administrator's `created_at`). */
export interface InstallationTable {
  id: ColumnType<number, number, never>;
  created_at: CreatedAt;
}

/** Login and registration attempts per client address in the current minute (PostgreSQL only). */
export interface AuthRateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface AuthTables {
  installation: InstallationTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  auth_rate_limits: AuthRateLimitsTable;
}
