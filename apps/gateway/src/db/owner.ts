import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';

/**
 * Whose rows a query may touch: one user's, or (for the administrator) anyone's. Every repository
 * that keeps a user's things scopes its queries by one, so another user's row is simply not found.
 */
export type Owner = { userId: string } | 'anyone';

/** The administrator may reach anyone's rows; everyone else their own only. */
export const ownerOf = (principal: { userId: string; isAdmin: boolean }): Owner =>
  principal.isAdmin ? 'anyone' : { userId: principal.userId };

/**
 * The `where` that keeps a query to the owner's rows by their `user_id`: `.where(ownedBy(owner))`,
 * or `.where(ownedBy(owner, 'kb'))` for the `user_id` of the table aliased `kb` in a join.
 * `'anyone'` adds no condition.
 */
export function ownedBy(owner: Owner, table?: string) {
  const column = table === undefined ? 'user_id' : `${table}.user_id`;
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> =>
    owner === 'anyone' ? eb.lit(true) : eb(sql.ref(column), '=', owner.userId);
}
