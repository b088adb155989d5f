import { z } from 'zod';
import { ArchivedNullableTimestamp, ArchivedTimestamp, type AreaStore, accountArea } from '../db/archive';

/**
 * §12's part of a user's account archive: their reminders with their repeat anchor and zone,
 * so a monthly reminder keeps its day. What an automation run recorded about creating one
 * (its cause and idempotency key) stays behind: it names runs of the old gateway.
 */
export const RemindersAccountDataSchema = z
  .object({
    reminders: z.array(
      z.object({
        id: z.string().min(1),
        title: z.string(),
        description: z.string(),
        remind_at: ArchivedTimestamp,
        status: z.enum(['pending', 'completed', 'cancelled']),
        repeat_type: z.enum(['none', 'daily', 'weekly', 'monthly']),
        session_id: z.string(),
        notified: z.boolean(),
        timezone: z.string().min(1),
        anchor_local: z.string().min(1),
        created_at: ArchivedTimestamp,
        updated_at: ArchivedTimestamp,
        completed_at: ArchivedNullableTimestamp,
      }),
    ),
  })
  .superRefine((data, ctx) => {
    if (new Set(data.reminders.map((r) => r.id)).size !== data.reminders.length) {
      ctx.addIssue({ code: 'custom', path: ['reminders'], message: 'duplicate reminder id' });
    }
  });

export type RemindersAccountData = z.input<typeof RemindersAccountDataSchema>;
export type RemindersAccountImport = z.output<typeof RemindersAccountDataSchema>;

/** This domain's area of the account archive (services.ts registers it). */
export const remindersAccountArea = (store: AreaStore<RemindersAccountData, RemindersAccountImport>) =>
  accountArea({ name: 'reminders', schema: RemindersAccountDataSchema, store });
