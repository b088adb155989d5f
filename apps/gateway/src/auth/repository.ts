import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema';

export type NewUser = Pick<UserRow, 'id' | 'username' | 'nickname' | 'email' | 'password_hash'>;

export type ConsumeResult = 'ok' | 'unknown' | 'expired' | 'revoked' | 'reused';

/** Users and refresh tokens. No rules here: the service decides what a result means. */
export class AuthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findUserByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** Inserts the user; undefined when the username (or id) is taken. */
  async insertUser(user: NewUser): Promise<UserRow | undefined> {
    return this.db
      .insertInto('users')
      .values(user)
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async installedAt(): Promise<Date | undefined> {
    const row = await this.db.selectFrom('installation').select('created_at').executeTakeFirst();
    return row?.created_at;
  }

  async insertRefreshToken(token: { jti: string; familyId: string; userId: string; expiresAt: Date }) {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        jti: token.jti,
        family_id: token.familyId,
        user_id: token.userId,
        expires_at: token.expiresAt,
      })
      .execute();
  }

  /**
   * Marks a refresh token used, exactly once even under concurrent calls (row lock).
   * A token presented a second time revokes its whole family: someone holds a stolen copy.
   */
  consumeRefreshToken(jti: string, userId: string, now: Date): Promise<ConsumeResult> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('jti', '=', jti)
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return 'unknown';
      if (row.revoked_at) return 'revoked';
      if (row.used_at) {
        await tx
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('family_id', '=', row.family_id)
          .where('revoked_at', 'is', null)
          .execute();
        return 'reused';
      }
      if (row.expires_at <= now) return 'expired';
      await tx.updateTable('refresh_tokens').set({ used_at: now }).where('jti', '=', jti).execute();
      return 'ok';
    });
  }

  /**
   * Replaces the user's password hash, moves their login generation on and revokes all their
   * refresh tokens, in one transaction.
   */
  async setPassword(userId: string, passwordHash: string, now: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set((eb) => ({ password_hash: passwordHash, token_generation: eb('token_generation', '+', 1) }))
        .where('id', '=', userId)
        .execute();
      await tx
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    });
  }
}
