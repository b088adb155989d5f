import { z } from 'zod';
import { ArchivedTimestamp, type AreaStore, accountArea } from '../db/archive';

/** §3's part of a user's account archive: their sessions and every message in them, oldest first. */
export const SessionsAccountDataSchema = z
  .object({
    sessions: z.array(
      z.object({
        id: z.string().min(1).max(128),
        title: z.string(),
        is_main: z.boolean(),
        created_at: ArchivedTimestamp,
        updated_at: ArchivedTimestamp,
      }),
    ),
    /** Without ids: a message gets a new one where it is imported (ids are per database). */
    messages: z.array(
      z.object({
        session_id: z.string(),
        role: z.enum(['user', 'assistant', 'system', 'action']),
        msg_type: z.enum(['chat', 'action']),
        content: z.string(),
        meta: z.record(z.unknown()).nullable(),
        created_at: ArchivedTimestamp,
      }),
    ),
  })
  .superRefine((data, ctx) => {
    const ids = new Set(data.sessions.map((s) => s.id));
    if (ids.size !== data.sessions.length)
      ctx.addIssue({ code: 'custom', path: ['sessions'], message: 'duplicate session id' });
    if (data.sessions.filter((s) => s.is_main).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['sessions'], message: 'more than one main session' });
    }
    // A message may only land in a session of the same archive, never in someone else's.
    const stray = data.messages.findIndex((m) => !ids.has(m.session_id));
    if (stray >= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['messages', stray, 'session_id'],
        message: 'not a session of this archive',
      });
  });

export type SessionsAccountData = z.input<typeof SessionsAccountDataSchema>;
export type SessionsAccountImport = z.output<typeof SessionsAccountDataSchema>;

/** This domain's area of the account archive (services.ts registers it). */
export const sessionsAccountArea = (store: AreaStore<SessionsAccountData, SessionsAccountImport>) =>
  accountArea({ name: 'sessions', schema: SessionsAccountDataSchema, store });
