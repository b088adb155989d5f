import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { AuthService } from '../auth/service';
import { inPieces } from '../blobs/blob-store';
import type { Clock } from '../clock/clock';
import { type AccountArea, ArchiveAreaInvalid, type AreaData, type ContentRef } from '../db/archive';
import { migrations } from '../db/migrations/index';
import type { Database } from '../db/schema';
import type { FilesService } from '../files/service';
import { ApiError } from '../http/api-error';
import { ADMIN_USER_ID } from '../http/principal';
import type { Logger } from '../logging/logger';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveHeader, BLOB_PIECE_BYTES } from './format';
import { type ReadArchive, readArchive } from './reader';

/** An area's schema refused its records: the spec's 400, naming area and path. */
function invalidAsApiError(error: unknown): never {
  if (error instanceof ArchiveAreaInvalid) {
    throw new ApiError(
      'validation_failed',
      `归档内容无效: ${[error.area, ...(error.issue?.path ?? [])].join('.')}: ${error.issue?.message ?? 'invalid'}`,
    );
  }
  throw error;
}

/** Told how far long work has come (the CLI draws it; the REST export has no one to tell). */
export type ArchiveProgress = (phase: string, done: number, total: number) => void;

/** A user's data gathered from every area, ready to be written out. */
export interface PreparedArchive {
  header: ArchiveHeader;
  areas: { name: string; data: AreaData }[];
  /** Distinct stored content, with one file of the user holding each (to open it by). */
  blobs: ContentRef[];
}

export interface ImportSummary {
  userId: string;
  counts: Record<string, Record<string, number>>;
  blobs: number;
}

/**
 * §6–§12 of one user as one portable archive (format.ts): what `GET /account/export` downloads
 * and `cyrene export` / `cyrene import` write and read. Each area is read and written through its
 * own domain service (areas.ts); this class only assembles them and owns the file format.
 */
export class AccountArchiveService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly domains: {
      auth: Pick<AuthService, 'findUser'>;
      files: Pick<FilesService, 'openContent' | 'stagingPath'>;
    },
    /** Every area of a user's data, in import order (services.ts registers them). */
    private readonly areas: readonly AccountArea[],
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Reads everything of `userId` (before anything is sent, so a failure is still a clean error). */
  async prepare(userId: string): Promise<PreparedArchive> {
    const user = userId === ADMIN_USER_ID ? undefined : await this.domains.auth.findUser(userId);
    if (userId !== ADMIN_USER_ID && !user) throw new ApiError('not_found', '用户不存在');
    const areas: PreparedArchive['areas'] = [];
    const content = new Map<string, ContentRef>();
    for (const a of this.areas) {
      const exported = await a.exportFor(userId);
      areas.push({ name: a.name, data: exported.data });
      for (const ref of exported.content) if (!content.has(ref.hash)) content.set(ref.hash, ref);
    }
    const blobs = [...content.values()];
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      exported_at: this.clock.now().toISOString(),
      user_id: userId,
      profile: user
        ? {
            username: user.username,
            nickname: user.nickname,
            email: user.email,
            created_at: user.created_at.toISOString(),
          }
        : null,
      migrations: Object.keys(migrations).sort(),
      counts: Object.fromEntries(
        areas.map((a) => [a.name, Object.fromEntries(Object.entries(a.data).map(([k, v]) => [k, v.length]))]),
      ),
      blobs: blobs.length,
    };
    return { header, areas, blobs };
  }

  /** The archive as a gzip stream; a failure part way (a file vanished) ends it without its end line. */
  stream(prepared: PreparedArchive, progress?: ArchiveProgress): Readable {
    const gzip = createGzip();
    Readable.from(this.lines(prepared, progress))
      .on('error', (e) => {
        this.log.warn({ err: e, userId: prepared.header.user_id }, 'account export stopped part way');
        gzip.destroy(e);
      })
      .pipe(gzip);
    return gzip;
  }

  private async *lines(prepared: PreparedArchive, progress?: ArchiveProgress): AsyncGenerator<string> {
    yield `${JSON.stringify(prepared.header)}\n`;
    let items = 0;
    const total = Object.values(prepared.header.counts).reduce(
      (sum, kinds) => sum + Object.values(kinds).reduce((a, b) => a + b, 0),
      0,
    );
    for (const { name, data } of prepared.areas) {
      for (const [kind, records] of Object.entries(data)) {
        for (const item of records) {
          yield `${JSON.stringify({ area: name, kind, item })}\n`;
          items++;
          if (items % 200 === 0) progress?.('records', items, total);
        }
      }
    }
    progress?.('records', items, total);
    let blobs = 0;
    for (const { hash, fileId } of prepared.blobs) {
      const { stream } = await this.domains.files.openContent(prepared.header.user_id, fileId);
      try {
        for await (const piece of inPieces(stream, BLOB_PIECE_BYTES)) {
          yield `${JSON.stringify({ blob: hash, data: piece.toString('base64') })}\n`;
        }
      } finally {
        stream.destroy();
      }
      blobs++;
      progress?.('file content', blobs, prepared.blobs.length);
    }
    yield `${JSON.stringify({ end: { items, blobs } })}\n`;
  }

  /** Reads and checks an archive; file content is staged on disk. Call `discard` when done with it. */
  read(input: Readable, progress?: ArchiveProgress): Promise<ReadArchive> {
    return readArchive(input, {
      knownAreas: this.areas.map((a) => a.name),
      knownMigrations: Object.keys(migrations),
      stagingPath: () => this.domains.files.stagingPath(),
      progress,
    });
  }

  discard(archive: ReadArchive): Promise<void> {
    return archive.discard();
  }

  /**
   * Adds an archive's data to `userId` in ONE transaction: an id already used on this gateway, a
   * record that fails its area's checks, or any other failure leaves every area as it was.
   */
  async import(userId: string, archive: ReadArchive, progress?: ArchiveProgress): Promise<ImportSummary> {
    if (userId !== ADMIN_USER_ID && !(await this.domains.auth.findUser(userId))) {
      throw new ApiError('not_found', '用户不存在', `导入前先创建 ${userId}`);
    }
    let done = 0;
    await this.db.transaction().execute(async (tx) => {
      for (const a of this.areas) {
        progress?.(a.name, done, this.areas.length);
        await a
          .importFor(userId, archive.areas[a.name] ?? {}, tx, archive.contentOf)
          .catch(invalidAsApiError);
        done++;
      }
    });
    progress?.('done', done, this.areas.length);
    this.log.info({ userId, from: archive.header.user_id }, 'account archive imported');
    return { userId, counts: archive.header.counts, blobs: archive.header.blobs };
  }
}
