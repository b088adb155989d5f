import type { Profile } from '@cyrene/contracts';
import type { UserRow } from '../db/schema';

/** Rows → contract types for auth: the one place a user becomes a Profile. */
export function toUserProfile(row: UserRow): Profile {
  return {
    user_id: row.id,
    username: row.username,
    nickname: row.nickname,
    is_admin: false,
    created_at: row.created_at.toISOString(),
  };
}

export function toAdminProfile(username: string, installedAt: Date | undefined): Profile {
  return {
    user_id: 'admin',
    username,
    nickname: '管理员',
    is_admin: true,
    created_at: installedAt ? installedAt.toISOString() : null,
  };
}

export const userIdFor = (username: string) => `user_${username}`;
