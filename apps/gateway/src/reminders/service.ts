import { randomUUID } from 'node:crypto';
import {
  type CreateReminderBody,
  type ListRemindersQuery,
  REMINDER_TIME_FORMAT_ERROR,
  type Reminder,
  type UpdateReminderBody,
} from '@cyrene/contracts';
import type { Transaction, Updateable } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../clock/clock';
import { archivedNullableTime, archivedTime } from '../db/archive';
import type { Executor } from '../db/executor';
import { ownerOf } from '../db/owner';
import type { Database, ReminderRow, RemindersTable } from '../db/schema';
import { Listeners } from '../events/listeners';
import { ApiError } from '../http/api-error';
import type { Principal } from '../http/principal';
import type { JobRunner } from '../jobs/runner';
import type { JobKind, JobOccurrence, JobOutcome, JobSpec } from '../jobs/types';
import type { Logger } from '../logging/logger';
import type { EventCause, NotificationsService } from '../notifications/service';
import type { SessionsService } from '../sessions/service';
import type { RemindersAccountData, RemindersAccountImport } from './account-data';
import { toReminder } from './mapper';
import { anchorOf, nextOccurrence, parseRemindAt } from './repeat';
import type { RemindersRepository } from './repository';

export const REMINDER_JOB = 'reminder';
const ReminderJobPayload = z.object({ reminder_id: z.string() });
type ReminderJobPayload = z.infer<typeof ReminderJobPayload>;

/** Told when a reminder fires (automation's `reminder_fired` events), with what caused it. */
export type ReminderListener = (reminder: Reminder, cause: EventCause) => void;

const notFound = () => new ApiError('not_found', '提醒不存在');
const badTime = () => new ApiError('validation_failed', REMINDER_TIME_FORMAT_ERROR);
const jobKey = (id: string) => `reminder:${id}`;

/** A pending reminder that has not fired has a job at its remind_at; any other has none. */
function jobFor(row: ReminderRow): JobSpec<ReminderJobPayload> | undefined {
  if (row.status !== 'pending' || row.notified) return undefined;
  return { kind: REMINDER_JOB, key: jobKey(row.id), runAt: row.remind_at, payload: { reminder_id: row.id } };
}

export interface AutomationReminder {
  userId: string;
  title: string;
  remindAt: Date;
  /** The run that created it, one level deeper: its firing carries this cause. */
  cause: EventCause;
  idempotencyKey: string;
}

/** §12: reminders, fired by the job runner as notifications (and into their session). */
export class RemindersService {
  private readonly listeners: Listeners<Parameters<ReminderListener>>;

  constructor(
    private readonly repo: RemindersRepository,
    private readonly jobs: JobRunner,
    private readonly notifications: NotificationsService,
    private readonly sessions: Pick<SessionsService, 'ensureSession' | 'appendMessage'>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.listeners = new Listeners(log, 'reminder');
  }

  onFired(listener: ReminderListener): void {
    this.listeners.add(listener);
  }

  /** The job kind that fires reminders (misfire `once`: a reminder missed while down fires at start). */
  jobKind(): JobKind<ReminderJobPayload> {
    return { kind: REMINDER_JOB, payload: ReminderJobPayload, handle: (occ) => this.fire(occ) };
  }

  async list(
    principal: Principal,
    query: ListRemindersQuery,
  ): Promise<{ reminders: Reminder[]; count: number }> {
    const userId = query.user_id ?? principal.userId;
    if (userId !== principal.userId && !principal.isAdmin) {
      throw new ApiError('forbidden', '无权查看其他用户的提醒');
    }
    const filter = { userId, status: query.status };
    const [rows, count] = await Promise.all([
      this.repo.list(filter, query.limit, query.offset),
      this.repo.count(filter),
    ]);
    return { reminders: rows.map(toReminder), count };
  }

  async create(principal: Principal, body: CreateReminderBody): Promise<Reminder> {
    const remindAt = parseRemindAt(body.remind_at, body.timezone);
    if (!remindAt) throw badTime();
    const row = await this.insert({
      userId: principal.userId,
      title: body.title,
      description: body.description,
      remindAt,
      repeat: body.repeat_type,
      sessionId: body.session_id,
      timezone: body.timezone,
      cause: { depth: 0 },
      idempotencyKey: null,
    });
    if (!row) throw new Error('a reminder without an idempotency key was not stored');
    return toReminder(row);
  }

  /** A reminder action of an automation rule; stored once per idempotency key. */
  async createForAutomation(input: AutomationReminder): Promise<Reminder | undefined> {
    const row = await this.insert({
      userId: input.userId,
      title: input.title,
      description: '',
      remindAt: input.remindAt,
      repeat: 'none',
      sessionId: '',
      timezone: 'UTC',
      cause: input.cause,
      idempotencyKey: input.idempotencyKey,
    });
    return row && toReminder(row);
  }

  private async insert(r: {
    userId: string;
    title: string;
    description: string;
    remindAt: Date;
    repeat: ReminderRow['repeat_type'];
    sessionId: string;
    timezone: string;
    cause: EventCause;
    idempotencyKey: string | null;
  }): Promise<ReminderRow | undefined> {
    const now = this.clock.now();
    const row: ReminderRow = {
      id: randomUUID(),
      user_id: r.userId,
      title: r.title,
      description: r.description,
      remind_at: r.remindAt,
      status: 'pending',
      repeat_type: r.repeat,
      session_id: r.sessionId,
      notified: false,
      timezone: r.timezone,
      anchor_local: anchorOf(r.remindAt, r.timezone),
      cause_depth: r.cause.depth,
      cause_run_id: r.cause.runId ?? null,
      idempotency_key: r.idempotencyKey,
      created_at: now,
      updated_at: now,
      completed_at: null,
    };
    const stored = await this.repo.transaction(async (tx) => {
      const inserted = await this.repo.insert(row, tx);
      const job = inserted && jobFor(inserted);
      if (job) await this.jobs.schedule(job, tx);
      return inserted;
    });
    if (stored && stored.remind_at <= this.clock.now()) this.jobs.wake();
    return stored;
  }

  async update(principal: Principal, id: string, body: UpdateReminderBody): Promise<Reminder> {
    const updated = await this.repo.transaction(async (tx) => {
      const row = await this.repo.findForUpdate(id, ownerOf(principal), tx);
      if (!row) throw notFound();
      const next = await this.repo.update(id, this.patchFor(row, body), tx);
      await this.syncJob(next, tx);
      return next;
    });
    if (jobFor(updated) && updated.remind_at <= this.clock.now()) this.jobs.wake();
    return toReminder(updated);
  }

  /** The partial update as columns: a new remind_at re-arms it, a final status stamps completed_at. */
  private patchFor(row: ReminderRow, body: UpdateReminderBody): Updateable<RemindersTable> {
    const now = this.clock.now();
    const timezone = body.timezone ?? row.timezone;
    const patch: Updateable<RemindersTable> = { updated_at: now, timezone };
    if (body.title !== undefined) patch.title = body.title;
    if (body.description !== undefined) patch.description = body.description;
    if (body.session_id !== undefined) patch.session_id = body.session_id;
    if (body.repeat_type !== undefined) patch.repeat_type = body.repeat_type;
    let remindAt = row.remind_at;
    if (body.remind_at !== undefined) {
      const parsed = parseRemindAt(body.remind_at, timezone);
      if (!parsed) throw badTime();
      remindAt = parsed;
      patch.remind_at = parsed;
      patch.notified = false;
    }
    if (body.remind_at !== undefined || timezone !== row.timezone)
      patch.anchor_local = anchorOf(remindAt, timezone);
    if (body.status !== undefined && body.status !== row.status) {
      patch.status = body.status;
      if (body.status === 'pending') {
        patch.completed_at = null;
        if (remindAt > now) patch.notified = false;
      } else {
        patch.completed_at = now;
      }
    }
    return patch;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.repo.transaction(async (tx) => {
      if (!(await this.repo.delete(id, ownerOf(principal), tx))) throw notFound();
      await this.jobs.cancel(jobKey(id), tx);
    });
  }

  /** The user's pending reminders due in [from, to) (briefings). */
  async dueBetween(userId: string, from: Date, to: Date): Promise<Reminder[]> {
    return (await this.repo.dueBetween(userId, from, to)).map(toReminder);
  }

  /* ---------- the account archive (account-export/) ---------- */

  async exportFor(userId: string): Promise<RemindersAccountData> {
    const rows = await this.repo.listAll(userId);
    return {
      reminders: rows.map((r) => ({
        id: r.id,
        title: r.title,
        description: r.description,
        remind_at: archivedTime(r.remind_at),
        status: r.status,
        repeat_type: r.repeat_type,
        session_id: r.session_id,
        notified: r.notified,
        timezone: r.timezone,
        anchor_local: r.anchor_local,
        created_at: archivedTime(r.created_at),
        updated_at: archivedTime(r.updated_at),
        completed_at: archivedNullableTime(r.completed_at),
      })),
    };
  }

  /**
   * Adds archived reminders to the user in the caller's transaction, each pending one with its
   * job (one already due fires once the gateway runs, as a reminder missed while down does).
   * A reminder id in use is 409.
   */
  async importFor(userId: string, data: RemindersAccountImport, tx: Transaction<Database>): Promise<void> {
    for (const r of data.reminders) {
      const row = await this.repo.insertArchived(
        { ...r, user_id: userId, cause_depth: 0, cause_run_id: null, idempotency_key: null },
        tx,
      );
      if (!row)
        throw new ApiError('conflict', `提醒 ${r.id} 已存在`, '该提醒 ID 已被本网关上的提醒使用,无法导入');
      await this.syncJob(row, tx);
    }
  }

  private async syncJob(row: ReminderRow, tx: Executor): Promise<void> {
    const job = jobFor(row);
    if (job) await this.jobs.schedule(job, tx);
    else await this.jobs.cancel(jobKey(row.id), tx);
  }

  /**
   * Fires one occurrence: the notification (stored once per occurrence) and notified, or the
   * next repeat, in one transaction; delivery follows the commit. The job moves as the answer
   * says. A job that lags behind its reminder (a crash between the two) follows the reminder.
   */
  private async fire(occ: JobOccurrence<ReminderJobPayload>): Promise<JobOutcome> {
    const fired = await this.repo.transaction(async (tx) => {
      const row = await this.repo.findForUpdate(occ.payload.reminder_id, 'anyone', tx);
      if (!row || !jobFor(row)) return { next: null }; // completed, cancelled, deleted or already fired
      if (row.remind_at.getTime() !== occ.scheduledAt.getTime()) return { next: row.remind_at };
      const notification = await this.notifications.store(
        {
          userId: row.user_id,
          type: 'reminder',
          title: row.title,
          body: row.description || row.title,
          data: {
            reminder_id: row.id,
            remind_at: row.remind_at.toISOString(),
            repeat_type: row.repeat_type,
            session_id: row.session_id,
          },
          idempotencyKey: occ.idempotencyKey,
        },
        tx,
      );
      const now = this.clock.now();
      const after = new Date(Math.max(now.getTime(), row.remind_at.getTime()));
      const repeatAt = nextOccurrence(row.anchor_local, row.timezone, row.repeat_type, after);
      await this.repo.update(
        row.id,
        repeatAt
          ? { remind_at: repeatAt, notified: false, updated_at: now }
          : { notified: true, updated_at: now },
        tx,
      );
      return { next: repeatAt, notification, row };
    });
    if ('notification' in fired && fired.notification) await this.announce(fired.row, fired.notification);
    return { next: fired.next };
  }

  private async announce(row: ReminderRow, notification: Parameters<NotificationsService['deliver']>[0]) {
    const cause = { depth: row.cause_depth, ...(row.cause_run_id ? { runId: row.cause_run_id } : {}) };
    this.notifications.deliver(notification, cause);
    if (row.session_id !== '') {
      try {
        await this.sessions.ensureSession(row.user_id, row.session_id);
        await this.sessions.appendMessage({
          sessionId: row.session_id,
          userId: row.user_id,
          role: 'action',
          msgType: 'action',
          content: row.description ? `⏰ 提醒: ${row.title}\n${row.description}` : `⏰ 提醒: ${row.title}`,
          meta: { reminder_id: row.id },
        });
      } catch (e) {
        this.log.warn({ err: e, reminderId: row.id }, 'could not deliver a reminder into its session');
      }
    }
    const reminder = toReminder({ ...row, notified: true });
    this.listeners.emit(reminder, cause);
  }
}
