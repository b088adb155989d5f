import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from './schema';

/*
 * How values travel in an account archive, for the domains' own archive schemas
 * (<domain>/account-data.ts): timestamps as RFC 3339 text, read back as Date.
 */

export const ArchivedTimestamp = z
  .string()
  .datetime({ offset: true, message: 'must be an RFC 3339 timestamp' })
  .transform((s) => new Date(s));

export const ArchivedNullableTimestamp = ArchivedTimestamp.nullable();

/** A Date as it is written into an archive. */
export const archivedTime = (d: Date): string => d.toISOString();
export const archivedNullableTime = (d: Date | null): string | null => (d ? d.toISOString() : null);

/*
 * The account archive's registry vocabulary. Each domain's account-data.ts exports its area
 * (built with accountArea), services.ts lists the areas in import order, and account-export
 * only iterates them: no domain imports account-export.
 */

/** One area's records, by kind (`{ sessions: [...], messages: [...] }`). */
export type AreaData = Record<string, unknown[]>;

/** Stored content an area's records name: its hash, and one file of the user holding it. */
export interface ContentRef {
  hash: string;
  fileId: string;
}

/** Where the importer put the verified bytes of a blob (undefined: the archive had none). */
export type ArchivedContent = (hash: string) => string | undefined;

/** An area's records failed its schema; account-export turns it into the spec's 400 body. */
export class ArchiveAreaInvalid extends Error {
  constructor(
    readonly area: string,
    readonly issue: z.ZodIssue | undefined,
  ) {
    super(`${[area, ...(issue?.path ?? [])].join('.')}: ${issue?.message ?? 'invalid'}`);
    this.name = 'ArchiveAreaInvalid';
  }
}

/** One area of a user's data, as the archive sees it: records by kind out, checked records in. */
export interface AccountArea {
  name: string;
  exportFor(userId: string): Promise<{ data: AreaData; content: ContentRef[] }>;
  /** Checks `raw` against the area's schema (ArchiveAreaInvalid), then adds it to `userId` in `tx`. */
  importFor(
    userId: string,
    raw: AreaData,
    tx: Transaction<Database>,
    content: ArchivedContent,
  ): Promise<void>;
}

/** What a domain service offers its area: its records out, checked records in (in `tx`). */
export interface AreaStore<In, Out> {
  exportFor(userId: string): Promise<In>;
  importFor(userId: string, data: Out, tx: Transaction<Database>, content: ArchivedContent): Promise<void>;
}

type AreaSchema = z.ZodType<AreaData, z.ZodTypeDef, AreaData>;

/** An area from its schema and its domain's store. */
export function accountArea<S extends AreaSchema>(spec: {
  name: string;
  schema: S;
  store: AreaStore<z.input<S>, z.output<S>>;
  /** The stored content its records name (files), carried beside them. */
  content?(data: z.input<S>): ContentRef[];
}): AccountArea {
  return {
    name: spec.name,
    exportFor: async (userId) => {
      const data = await spec.store.exportFor(userId);
      return { data, content: spec.content?.(data) ?? [] };
    },
    importFor: async (userId, raw, tx, content) => {
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) throw new ArchiveAreaInvalid(spec.name, parsed.error.issues[0]);
      await spec.store.importFor(userId, parsed.data, tx, content);
    },
  };
}
