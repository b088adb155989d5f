import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ADMIN_USER_ID } from '../http/principal';

/**
 * The administrator's login generation: a digest of ADMIN_USERNAME and ADMIN_PASSWORD keyed with
 * the signing secret. Changing either changes it, so every admin token issued before (access and
 * refresh alike) is refused from the next start on, with no state to keep; the digest says nothing
 * about the password to anyone without the secret.
 */
export function adminGeneration(secret: Uint8Array, username: string, password: string | undefined): string {
  return createHmac('sha256', secret)
    .update(`admin-login\0${username}\0${password ?? ''}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Which login generation is current for each account. Every token carries the generation it was
 * issued under; one of an older generation is refused by the auth guard and by refresh. A user's
 * generation is a column bumped by `cyrene user:reset-password` (one primary-key read per
 * authenticated request, so a reset ends every login at once, on every instance); the
 * administrator's is derived from the configuration (adminGeneration).
 */
export class LoginGenerations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly admin: string,
  ) {}

  /** The current generation of a user id; undefined for an account that does not exist. */
  async current(userId: string): Promise<string | undefined> {
    if (userId === ADMIN_USER_ID) return this.admin;
    const row = await this.db
      .selectFrom('users')
      .select('token_generation')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row === undefined ? undefined : String(row.token_generation);
  }
}
