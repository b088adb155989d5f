import { type Kysely, sql, type Transaction } from 'kysely';
import { archivedTime } from '../db/archive';
import type { Executor } from '../db/executor';
import { type Owner, ownedBy } from '../db/owner';
import type { Database, MessageMeta, MessageRow, MessagesTable, SessionRow } from '../db/schema';
import { bigramsOf } from '../text/grams';
import type { SessionsAccountData, SessionsAccountImport } from './account-data';

/** Rows per INSERT when an account archive is imported. */
const IMPORT_BATCH = 500;

export interface NewMessage {
  sessionId: string;
  userId: string;
  role: MessagesTable['role'];
  msgType: MessagesTable['msg_type'];
  content: string;
  meta?: MessageMeta;
  createdAt: Date;
}

/** Sessions and their messages. Every query is scoped by owner; the service decides what a result means. */
export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Inserts the session; undefined when its id is taken (by anyone). */
  insertSession(row: SessionRow, db: Executor = this.db): Promise<SessionRow | undefined> {
    return db
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  async clearMain(userId: string, db: Executor = this.db): Promise<void> {
    await db
      .updateTable('sessions')
      .set({ is_main: false })
      .where(ownedBy({ userId }))
      .where('is_main', '=', true)
      .execute();
  }

  findSession(id: string, owner: Owner): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where(ownedBy(owner))
      .executeTakeFirst();
  }

  listSessions(userId: string): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('updated_at', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  }

  /** Sets the title; undefined when the owner has no such session. */
  renameSession(id: string, owner: Owner, title: string): Promise<SessionRow | undefined> {
    return this.db
      .updateTable('sessions')
      .set({ title })
      .where('id', '=', id)
      .where(ownedBy(owner))
      .returningAll()
      .executeTakeFirst();
  }

  /** Deletes the session and (by cascade) its messages; false when there was none to delete. */
  async deleteSession(id: string, owner: Owner): Promise<boolean> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('id', '=', id)
      .where(ownedBy(owner))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteAllSessions(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where(ownedBy({ userId })).execute();
  }

  /** Moves a session's `updated_at` forward; false when the session is not the user's. */
  async touchSession(id: string, userId: string, at: Date, db: Executor = this.db): Promise<boolean> {
    const row = await db
      .updateTable('sessions')
      .set({ updated_at: at })
      .where('id', '=', id)
      .where(ownedBy({ userId }))
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  insertMessage(m: NewMessage, db: Executor = this.db): Promise<MessageRow> {
    return db
      .insertInto('messages')
      .values({
        session_id: m.sessionId,
        user_id: m.userId,
        role: m.role,
        msg_type: m.msgType,
        content: m.content,
        bigrams: bigramsOf(m.content),
        meta: m.meta === undefined ? null : JSON.stringify(m.meta),
        created_at: m.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Replaces the content (and its grams) and merges `meta` into the stored one; false when no such message. */
  async updateMessage(id: number, patch: { content?: string; meta?: MessageMeta }): Promise<boolean> {
    const { content, meta } = patch;
    if (content === undefined && meta === undefined) {
      const row = await this.db.selectFrom('messages').select('id').where('id', '=', id).executeTakeFirst();
      return row !== undefined;
    }
    const result = await this.db
      .updateTable('messages')
      .set({
        ...(content === undefined ? {} : { content, bigrams: bigramsOf(content) }),
        ...(meta === undefined
          ? {}
          : { meta: sql<string>`coalesce(meta, '{}'::jsonb) || ${JSON.stringify(meta)}::jsonb` }),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** One page counted back from the newest message: newest first. */
  messagesPage(sessionId: string, limit: number, offset: number): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  allMessages(sessionId: string): Promise<MessageRow[]> {
    return this.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('id')
      .execute();
  }

  /** The latest chat turns with text, newest first (optionally only those before a message). */
  latestChatTurns(sessionId: string, limit: number, beforeId?: number) {
    return this.db
      .selectFrom('messages')
      .select(['id', 'role', 'content'])
      .where('session_id', '=', sessionId)
      .where('msg_type', '=', 'chat')
      .where('role', 'in', ['user', 'assistant', 'system'])
      .where('content', '<>', '')
      .where((eb) => (beforeId === undefined ? eb.lit(true) : eb('id', '<', beforeId)))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async clearMessages(sessionId: string): Promise<void> {
    await this.db.deleteFrom('messages').where('session_id', '=', sessionId).execute();
  }

  /* ---------- the account archive (account-export/) ---------- */

  /** All of a user's sessions and their messages (in id order: the order they were written). */
  async exportFor(userId: string): Promise<SessionsAccountData> {
    const sessions = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where(ownedBy({ userId }))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const messages = await this.db
      .selectFrom('messages')
      .select(['session_id', 'role', 'msg_type', 'content', 'meta', 'created_at'])
      .where(ownedBy({ userId }))
      .orderBy('id')
      .execute();
    return {
      sessions: sessions.map((r) => ({
        id: r.id,
        title: r.title,
        is_main: r.is_main,
        created_at: archivedTime(r.created_at),
        updated_at: archivedTime(r.updated_at),
      })),
      messages: messages.map((m) => ({ ...m, created_at: archivedTime(m.created_at) })),
    };
  }

  /**
   * Adds archived sessions and messages to a user, inside the caller's transaction. Stops at a
   * session id already in use (by anyone) and returns it, writing no messages. The archive's main
   * session stays main only when the user has none yet. Messages get new ids, in archive order.
   */
  async importFor(
    userId: string,
    data: SessionsAccountImport,
    db: Transaction<Database>,
  ): Promise<{ takenId?: string }> {
    const hasMain = await db
      .selectFrom('sessions')
      .select('id')
      .where(ownedBy({ userId }))
      .where('is_main', '=', true)
      .executeTakeFirst();
    for (let i = 0; i < data.sessions.length; i += IMPORT_BATCH) {
      const rows = data.sessions
        .slice(i, i + IMPORT_BATCH)
        .map((s) => ({ ...s, user_id: userId, is_main: s.is_main && !hasMain }));
      const inserted = await db
        .insertInto('sessions')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      if (inserted.length < rows.length) {
        const stored = new Set(inserted.map((x) => x.id));
        return { takenId: rows.find((r) => !stored.has(r.id))?.id };
      }
    }
    for (let i = 0; i < data.messages.length; i += IMPORT_BATCH) {
      const rows = data.messages.slice(i, i + IMPORT_BATCH).map((m) => ({
        ...m,
        user_id: userId,
        bigrams: bigramsOf(m.content),
        meta: m.meta === null ? null : JSON.stringify(m.meta),
      }));
      await db.insertInto('messages').values(rows).execute();
    }
    return {};
  }
}
