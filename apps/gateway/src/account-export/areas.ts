import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { type AutomationAccountData, AutomationAccountDataSchema } from '../automation/account-data';
import type { RulesService } from '../automation/rules';
import type { ScenesService } from '../automation/scenes';
import type { Database } from '../db/schema';
import { type ArchivedContent, FilesAccountDataSchema } from '../files/account-data';
import type { FilesService } from '../files/service';
import { ApiError } from '../http/api-error';
import { KnowledgeAccountDataSchema } from '../knowledge/account-data';
import type { KnowledgeService } from '../knowledge/service';
import { MemoryAccountDataSchema } from '../memory/account-data';
import type { MemoryService } from '../memory/service';
import { RemindersAccountDataSchema } from '../reminders/account-data';
import type { RemindersService } from '../reminders/service';
import { SessionsAccountDataSchema } from '../sessions/account-data';
import type { SessionsService } from '../sessions/service';
import type { AreaData } from './format';

/** The domain services an account archive is read from and written to (never their repositories). */
export interface AccountDomains {
  sessions: SessionsService;
  files: FilesService;
  knowledge: KnowledgeService;
  memory: MemoryService;
  reminders: RemindersService;
  automation: { rules: RulesService; scenes: ScenesService };
}

/** Stored content an area's records name: its hash, and one file of the user holding it. */
export interface ContentRef {
  hash: string;
  fileId: string;
}

/** One area of a user's data, as the archive sees it: records by kind out, checked records in. */
export interface AccountArea {
  name: string;
  exportFor(userId: string): Promise<{ data: AreaData; content: ContentRef[] }>;
  /** Checks `raw` against the area's schema, then adds it to `userId` in `tx`. */
  importFor(
    userId: string,
    raw: AreaData,
    tx: Transaction<Database>,
    content: ArchivedContent,
  ): Promise<void>;
}

/** The first problem zod found, named by area and path, as the spec's 400 body. */
function invalid(area: string, error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const where = [area, ...(issue?.path ?? [])].join('.');
  return new ApiError('validation_failed', `归档内容无效: ${where}: ${issue?.message ?? 'invalid'}`);
}

interface AreaSpec<S extends z.ZodType<AreaData, z.ZodTypeDef, AreaData>> {
  name: string;
  schema: S;
  exportFor(userId: string): Promise<z.input<S>>;
  importFor(
    userId: string,
    data: z.output<S>,
    tx: Transaction<Database>,
    content: ArchivedContent,
  ): Promise<void>;
  /** The stored content its records name (files), carried beside them. */
  content?(data: z.input<S>): ContentRef[];
}

function area<S extends z.ZodType<AreaData, z.ZodTypeDef, AreaData>>(spec: AreaSpec<S>): AccountArea {
  return {
    name: spec.name,
    exportFor: async (userId) => {
      const data = await spec.exportFor(userId);
      return { data, content: spec.content?.(data) ?? [] };
    },
    importFor: async (userId, raw, tx, content) => {
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) throw invalid(spec.name, parsed.error);
      await spec.importFor(userId, parsed.data, tx, content);
    },
  };
}

/**
 * Every area of a user's data, in import order: sessions before what may name a session
 * (reminders), files before knowledge documents made from them, rules before scenes.
 * Left out: notifications and briefings (messages of the moment, made again), automation run
 * history, known devices, and the login itself (the target user must already exist).
 */
export function accountAreas(d: AccountDomains): AccountArea[] {
  return [
    area({
      name: 'sessions',
      schema: SessionsAccountDataSchema,
      exportFor: (u) => d.sessions.exportFor(u),
      importFor: (u, data, tx) => d.sessions.importFor(u, data, tx),
    }),
    area({
      name: 'files',
      schema: FilesAccountDataSchema,
      exportFor: (u) => d.files.exportFor(u),
      importFor: (u, data, tx, content) => d.files.importFor(u, data, tx, content),
      content: (data) => data.files.map((f) => ({ hash: f.hash, fileId: f.id })),
    }),
    area({
      name: 'knowledge',
      schema: KnowledgeAccountDataSchema,
      exportFor: (u) => d.knowledge.exportFor(u),
      importFor: (u, data, tx) => d.knowledge.importFor(u, data, tx),
    }),
    area({
      name: 'memory',
      schema: MemoryAccountDataSchema,
      exportFor: (u) => d.memory.exportFor(u),
      importFor: (u, data, tx) => d.memory.importFor(u, data, tx),
    }),
    area({
      name: 'reminders',
      schema: RemindersAccountDataSchema,
      exportFor: (u) => d.reminders.exportFor(u),
      importFor: (u, data, tx) => d.reminders.importFor(u, data, tx),
    }),
    area({
      name: 'automation',
      schema: AutomationAccountDataSchema,
      exportFor: async (u): Promise<AutomationAccountData> => ({
        rules: await d.automation.rules.exportFor(u),
        scenes: await d.automation.scenes.exportFor(u),
      }),
      importFor: async (u, data, tx) => {
        await d.automation.rules.importFor(u, data.rules, tx);
        await d.automation.scenes.importFor(u, data.scenes, tx);
      },
    }),
  ];
}
