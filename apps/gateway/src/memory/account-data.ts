import { z } from 'zod';
import { ArchivedTimestamp, type AreaStore, accountArea } from '../db/archive';

/** §9's part of a user's account archive: their memories (from whichever store keeps them). */
export const MemoryAccountDataSchema = z
  .object({
    memories: z.array(
      z.object({
        id: z.string().min(1).max(200),
        content: z.string().min(1).max(10_000),
        category: z.string().min(1).max(32),
        priority: z.number().int().min(1).max(10),
        created_at: ArchivedTimestamp,
      }),
    ),
  })
  .superRefine((data, ctx) => {
    if (new Set(data.memories.map((m) => m.id)).size !== data.memories.length) {
      ctx.addIssue({ code: 'custom', path: ['memories'], message: 'duplicate memory id' });
    }
  });

export type MemoryAccountData = z.input<typeof MemoryAccountDataSchema>;
export type MemoryAccountImport = z.output<typeof MemoryAccountDataSchema>;

/** This domain's area of the account archive (services.ts registers it). */
export const memoryAccountArea = (store: AreaStore<MemoryAccountData, MemoryAccountImport>) =>
  accountArea({ name: 'memory', schema: MemoryAccountDataSchema, store });
