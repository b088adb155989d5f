import {
  DEFAULT_SESSION_TITLE,
  type ExportFormat,
  type Message,
  type MessageRole,
  type MessageType,
  SESSION_NOT_FOUND_ERROR,
  type Session,
} from '@cyrene/contracts';
import type { Transaction } from 'kysely';
import type { ChatTurn } from '../chat-engine/request';
import type { Clock } from '../clock/clock';
import { ownerOf } from '../db/owner';
import type { Database, MessageMeta, SessionRow } from '../db/schema';
import { ApiError } from '../http/api-error';
import { ADMIN_USER_ID, type Principal } from '../http/principal';
import type { SessionsAccountData, SessionsAccountImport } from './account-data';
import { type ExportFile, renderExport } from './export';
import { newSessionId } from './ids';
import { toMessage, toSession } from './mapper';
import type { SessionsRepository } from './repository';

/** The spec's 404: a missing session and another user's look the same. */
export const sessionNotFound = () =>
  new ApiError('session_not_found', SESSION_NOT_FOUND_ERROR.error, SESSION_NOT_FOUND_ERROR.hint);

const MAX_SESSION_ID = 128;

export interface NewSession {
  session_id?: string;
  title: string;
  is_main: boolean;
}

export interface AppendMessage {
  sessionId: string;
  userId: string;
  role: MessageRole;
  msgType?: MessageType;
  content: string;
  meta?: MessageMeta;
}

/**
 * Whose data a `?user_id=` names: anyone for the administrator, the caller when absent. A normal
 * user naming someone else is refused (403), as memory, reminders and briefings do, rather than
 * quietly served their own (a `DELETE /sessions?user_id=…` must not delete the caller's sessions).
 */
export function targetUser(principal: Principal, userId: string | undefined): string {
  if (!userId) return principal.userId;
  if (principal.isAdmin || userId === principal.userId) return userId;
  throw new ApiError('forbidden', '无权操作其他用户的数据', '普通用户只能指定自己的 user_id');
}

function isMainConflict(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string };
  return err.code === '23505' && err.constraint === 'sessions_one_main_per_user';
}

/** §3: sessions and their messages, for the REST routes and for chat (WebSocket, webhooks, …). */
export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  /* ---------- REST (§3) ---------- */

  /** A new session of the caller; 409 when the id is taken by anyone. is_main moves the flag here. */
  async create(principal: Principal, body: NewSession): Promise<Session> {
    const now = this.clock.now();
    const row: SessionRow = {
      id: body.session_id ?? newSessionId(),
      user_id: principal.userId,
      title: body.title,
      is_main: body.is_main,
      created_at: now,
      updated_at: now,
    };
    // Two concurrent "make this main" requests can both clear the old flag; the loser retries.
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await this.repo.transaction(async (tx) => {
          if (row.is_main) await this.repo.clearMain(row.user_id, tx);
          const inserted = await this.repo.insertSession(row, tx);
          // Thrown inside the transaction: the old main session keeps its flag.
          if (!inserted) {
            throw new ApiError(
              'conflict',
              '会话已存在',
              `session_id ${row.id} 已被使用,换一个或不传以自动生成`,
            );
          }
          return inserted;
        });
        return toSession(created);
      } catch (e) {
        if (attempt < 3 && isMainConflict(e)) continue;
        throw e;
      }
    }
  }

  async list(principal: Principal, userId: string | undefined): Promise<Session[]> {
    return (await this.repo.listSessions(targetUser(principal, userId))).map(toSession);
  }

  async get(principal: Principal, id: string): Promise<Session> {
    return toSession(await this.find(principal, id));
  }

  /** Renames the session; its updated_at stays (it orders the list by conversation activity). */
  async rename(principal: Principal, id: string, title: string): Promise<Session> {
    const renamed = await this.repo.renameSession(id, ownerOf(principal), title);
    if (!renamed) throw sessionNotFound();
    return toSession(renamed);
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.repo.deleteSession(id, ownerOf(principal)))) throw sessionNotFound();
  }

  async deleteAll(principal: Principal, userId: string | undefined): Promise<void> {
    await this.repo.deleteAllSessions(targetUser(principal, userId));
  }

  /** A page counted back from the newest message (offset 0 = the latest), returned oldest first. */
  async messages(principal: Principal, id: string, limit: number, offset: number): Promise<Message[]> {
    const session = await this.find(principal, id);
    const page = await this.repo.messagesPage(session.id, limit, offset);
    return page.reverse().map(toMessage);
  }

  async clearMessages(principal: Principal, id: string): Promise<void> {
    const session = await this.find(principal, id);
    await this.repo.clearMessages(session.id);
  }

  async export(principal: Principal, id: string, format: ExportFormat): Promise<ExportFile> {
    const session = await this.find(principal, id);
    return renderExport(session, await this.repo.allMessages(session.id), format);
  }

  private async find(principal: Principal, id: string): Promise<SessionRow> {
    const session = await this.repo.findSession(id, ownerOf(principal));
    if (!session) throw sessionNotFound();
    return session;
  }

  /* ---------- chat (WebSocket, webhooks, briefings, automation) ---------- */

  /** The user's session, created (titled 新的对话) when missing; another user's id is session_not_found. */
  async ensureSession(userId: string, sessionId: string): Promise<Session> {
    if (sessionId.trim() === '' || sessionId.length > MAX_SESSION_ID) {
      throw new ApiError('validation_failed', `会话 ID 无效 (1-${MAX_SESSION_ID} 个字符)`);
    }
    const now = this.clock.now();
    const created = await this.repo.insertSession({
      id: sessionId,
      user_id: userId,
      title: DEFAULT_SESSION_TITLE,
      is_main: false,
      created_at: now,
      updated_at: now,
    });
    if (created) return toSession(created);
    const existing = await this.repo.findSession(sessionId, { userId });
    if (!existing) throw sessionNotFound();
    return toSession(existing);
  }

  /** Stores a message in the user's session and moves the session's updated_at; one transaction. */
  async appendMessage(m: AppendMessage): Promise<Message> {
    const row = await this.repo.transaction(async (tx) => {
      const createdAt = this.clock.now();
      if (!(await this.repo.touchSession(m.sessionId, m.userId, createdAt, tx))) throw sessionNotFound();
      return this.repo.insertMessage(
        {
          sessionId: m.sessionId,
          userId: m.userId,
          role: m.role,
          msgType: m.msgType ?? 'chat',
          content: m.content,
          meta: m.meta,
          createdAt,
        },
        tx,
      );
    });
    return toMessage(row);
  }

  /** Replaces a message's content and/or merges keys into its meta (a streamed reply as it grows). */
  async updateMessage(id: number, patch: { content?: string; meta?: MessageMeta }): Promise<void> {
    if (!(await this.repo.updateMessage(id, patch))) throw new ApiError('not_found', '消息不存在');
  }

  /**
   * The session's latest chat turns with text, oldest first, for the engine's history.
   * `beforeId` leaves out the message being answered (and anything after it).
   */
  async recentTurns(sessionId: string, limit: number, beforeId?: number): Promise<ChatTurn[]> {
    const rows = await this.repo.latestChatTurns(sessionId, limit, beforeId);
    return rows.reverse().map((r) => ({ role: r.role === 'action' ? 'system' : r.role, content: r.content }));
  }

  /**
   * The latest `limit` messages, oldest first, for the WebSocket `history` frame. A session not
   * created yet has none; another user's is session_not_found (the administrator reads any).
   */
  async history(userId: string, sessionId: string, limit: number): Promise<Message[]> {
    const session = await this.repo.findSession(sessionId, 'anyone');
    if (!session) return [];
    if (session.user_id !== userId && userId !== ADMIN_USER_ID) throw sessionNotFound();
    return (await this.repo.messagesPage(sessionId, limit, 0)).reverse().map(toMessage);
  }

  /* ---------- the account archive (account-export/) ---------- */

  exportFor(userId: string): Promise<SessionsAccountData> {
    return this.repo.exportFor(userId);
  }

  /** Adds an archive's sessions to the user in the caller's transaction; a session id in use is 409. */
  async importFor(userId: string, data: SessionsAccountImport, tx: Transaction<Database>): Promise<void> {
    const { takenId } = await this.repo.importFor(userId, data, tx);
    if (takenId !== undefined) {
      throw new ApiError('conflict', `会话 ${takenId} 已存在`, '该会话 ID 已被本网关上的会话使用,无法导入');
    }
  }
}
