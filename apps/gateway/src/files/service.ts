import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import {
  type FilePage,
  type ListFilesQuery,
  MAX_UPLOAD_BYTES,
  type StoredFile,
  type UploadedFile,
} from '@cyrene/contracts';
import type { Transaction } from 'kysely';
import { type BlobStore, type ByteRange, readAllOf, removeFile } from '../blobs/blob-store';
import type { Clock } from '../clock/clock';
import { type ArchivedContent, archivedTime } from '../db/archive';
import type { Database, FileRow } from '../db/schema';
import { ApiError } from '../http/api-error';
import type { Logger } from '../logging/logger';
import type { FilesAccountData, FilesAccountImport } from './account-data';
import { placeholderIcon } from './icons';
import { isImage, toStoredFile, toUploadedFile } from './mapper';
import { type ReceivedFile, type ReceivedForm, type ReceiveOptions, receiveForm } from './multipart';
import type { FilesRepository } from './repository';
import { sniffFile } from './sniff';
import type { ThumbnailMaker } from './thumbnails';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = () => new ApiError('not_found', '文件不存在');
const fileTooLarge = () => new ApiError('file_too_large', '文件大小超过限制 (最大 20MB)');
const unsupportedType = (detected: string) =>
  new ApiError(
    'unsupported_type',
    `不支持的文件类型: ${detected}`,
    '支持: 图片 (JPEG/PNG/GIF/WebP/SVG)、PDF、Word (DOC/DOCX)、纯文本/Markdown、音频 (MP3/WAV/OGG/WebM)、视频 (MP4/WebM);类型按文件内容判断',
  );

/** A file's bytes (or one range of them), ready to stream. The receiver consumes or destroys `stream`. */
export interface OpenedContent {
  file: StoredFile;
  stream: Readable;
}

export type Thumbnail =
  | { kind: 'jpeg'; hash: string; stream: Readable; size: number }
  | { kind: 'icon'; svg: Buffer; label: string };

/**
 * §6 Files: uploads stored by content (one blob per distinct SHA-256, counted references),
 * metadata rows scoped by owner, thumbnails.
 *
 * For other domains (a domain may call this service, never the repository):
 * - `getOwnedFile(owner, id)`: the caller's File object, or 404 not_found (another user's too).
 * - `readText(owner, id)`: the content of a text/plain or text/markdown file as a string (BOM
 *   dropped); 400 unsupported_type for other types, 404 file_missing when the bytes are gone.
 * - `readBytes(owner, id)`: the whole content as a Buffer (at most 20 MB), e.g. a chat attachment.
 * - `withLocalContent(owner, id, use)`: runs `use(file, path)` with the bytes as a local file, for
 *   readers that decode by path (image analysis). Never write to it.
 * `owner` is the caller's `user_id` (`principal.userId`).
 */
export class FilesService {
  constructor(
    private readonly repo: FilesRepository,
    private readonly blobs: BlobStore,
    private readonly thumbnails: ThumbnailMaker,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** POST /files/upload: streams the `file` part to disk, decides its type by content, stores it. */
  async upload(owner: string, req: IncomingMessage): Promise<UploadedFile> {
    const form = await this.receiveForm(req, {
      fileFields: ['file'],
      maxFileBytes: MAX_UPLOAD_BYTES,
      tooLarge: fileTooLarge,
    });
    const received = form.file;
    if (!received) {
      throw new ApiError(
        'validation_failed',
        '缺少必填字段: file',
        '以 multipart/form-data 的 file 字段上传文件',
      );
    }
    try {
      const sniffed = await sniffFile(received.path, received);
      if (!sniffed.ok) throw unsupportedType(sniffed.detected);
      const row = await this.store(owner, received, sniffed.mime);
      this.log.info({ userId: owner, fileId: row.id, size: row.size, mime: row.mime_type }, 'file uploaded');
      return toUploadedFile(row);
    } finally {
      await removeFile(received.path);
    }
  }

  /**
   * Reads a multipart form into a temp file on the blob filesystem (for routes that take an
   * upload without storing it). The caller deletes `file.path` when done.
   */
  receiveForm(req: IncomingMessage, opts: Omit<ReceiveOptions, 'tempPath'>): Promise<ReceivedForm> {
    return receiveForm(req, { ...opts, tempPath: () => this.blobs.tempPath() });
  }

  /**
   * One transaction: count the reference (locking the blob's row), add the file's row, and only
   * then put the bytes in place. While the row is locked no delete of the same content can
   * remove the blob in between; if the commit itself fails, what remains is a blob nobody
   * references, which a later upload of the same bytes simply reuses.
   */
  private store(owner: string, received: ReceivedFile, mime: string): Promise<FileRow> {
    return this.repo.transaction(async (tx) => {
      await this.repo.referenceBlob(received.sha256, received.size, tx);
      const row = await this.repo.insertFile(
        {
          id: randomUUID(),
          user_id: owner,
          filename: received.filename,
          mime_type: mime,
          size: received.size,
          hash: received.sha256,
          created_at: this.clock.now(),
        },
        tx,
      );
      await this.blobs.place(received.path, received.sha256);
      return row;
    });
  }

  async list(owner: string, { page, limit }: ListFilesQuery): Promise<FilePage> {
    const { rows, total } = await this.repo.listFiles(owner, (page - 1) * limit, limit);
    return { files: rows.map(toStoredFile), total, page, limit };
  }

  async getOwnedFile(owner: string, id: string): Promise<StoredFile> {
    return toStoredFile(await this.ownedRow(owner, id));
  }

  /**
   * The file and its bytes (or the range of them `range` picks, given the size), opened; 404
   * file_missing when the metadata outlived the content.
   */
  async openContent(owner: string, id: string, range?: ByteRange): Promise<OpenedContent> {
    const row = await this.ownedRow(owner, id);
    return { file: toStoredFile(row), stream: await this.read(row, range) };
  }

  /** Runs `use` with the file's bytes as a local file (a temporary copy when they live in a bucket). */
  async withLocalContent<T>(owner: string, id: string, use: (file: StoredFile, path: string) => Promise<T>) {
    const row = await this.ownedRow(owner, id);
    const copy = await this.blobs.localCopy(row.hash);
    if (!copy) throw this.missing(row);
    try {
      return await use(toStoredFile(row), copy.path);
    } finally {
      await copy.release();
    }
  }

  async readBytes(owner: string, id: string): Promise<{ file: StoredFile; bytes: Buffer }> {
    return this.readAll(await this.ownedRow(owner, id));
  }

  async readText(owner: string, id: string): Promise<{ file: StoredFile; text: string }> {
    const row = await this.ownedRow(owner, id);
    if (!row.mime_type.startsWith('text/')) {
      throw new ApiError(
        'unsupported_type',
        `文件不是文本类型: ${row.mime_type}`,
        '仅支持纯文本和 Markdown 文件',
      );
    }
    const { file, bytes } = await this.readAll(row);
    return { file, text: bytes.toString('utf8').replace(/^\ufeff/, '') };
  }

  /** Images: the cached JPEG (made on first use). Anything else: the placeholder icon of its type. */
  async thumbnail(owner: string, id: string): Promise<Thumbnail> {
    const row = await this.ownedRow(owner, id);
    // Content that is gone is file_missing, even with its thumbnail still cached.
    if (!(await this.blobs.exists(row.hash))) throw this.missing(row);
    if (!isImage(row.mime_type)) return { kind: 'icon', ...placeholderIcon(row.mime_type) };
    const cached = await this.blobs.readThumbnail(row.hash);
    if (cached) return { kind: 'jpeg', hash: row.hash, ...cached };
    if (!(await this.thumbnails.ensure(row.hash, row.mime_type))) throw this.missing(row);
    const made = await this.blobs.readThumbnail(row.hash);
    if (!made) throw this.missing(row);
    return { kind: 'jpeg', hash: row.hash, ...made };
  }

  /** Deletes the owner's file; the last reference to a blob takes its bytes (and thumbnail) with it. */
  async delete(owner: string, id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound();
    const deleted = await this.repo.transaction(async (tx) => {
      const row = await this.repo.deleteFile(owner, id, tx);
      if (!row) throw notFound();
      // Still inside the transaction, the blob's row locked: an upload of the same bytes waits
      // until they are gone, then writes them anew.
      if ((await this.repo.releaseBlob(row.hash, tx)) === 0) await this.blobs.remove(row.hash);
      return row;
    });
    this.log.info({ userId: owner, fileId: deleted.id }, 'file deleted');
  }

  /* ---------- the account archive (account-export/) ---------- */

  /** A fresh temp path on the blob filesystem, for archived content being staged before import. */
  stagingPath(): Promise<string> {
    return this.blobs.tempPath();
  }

  /** The user's files whose bytes are still stored (a file without them cannot be carried over). */
  async exportFor(owner: string): Promise<FilesAccountData> {
    const rows = await this.repo.listAllFiles(owner);
    const kept: FileRow[] = [];
    for (const row of rows) {
      if (await this.blobs.exists(row.hash)) kept.push(row);
      else this.missing(row);
    }
    return {
      files: kept.map((r) => ({
        id: r.id,
        filename: r.filename,
        mime_type: r.mime_type,
        size: r.size,
        hash: r.hash,
        is_public: r.is_public,
        created_at: archivedTime(r.created_at),
      })),
    };
  }

  /**
   * Adds archived files to the owner inside the caller's transaction: each row references its
   * blob (as an upload does), and the archive's bytes, checked against the hash by the importer,
   * are put in place unless identical bytes are already stored. A file id in use is 409.
   */
  async importFor(
    owner: string,
    data: FilesAccountImport,
    tx: Transaction<Database>,
    contentOf: ArchivedContent,
  ): Promise<void> {
    for (const file of data.files) {
      const source = contentOf(file.hash);
      if (!source && !(await this.blobs.exists(file.hash))) {
        throw new ApiError('validation_failed', `归档中缺少文件 ${file.id} 的内容`);
      }
      await this.repo.referenceBlob(file.hash, file.size, tx);
      const row = await this.repo.insertArchivedFile({ ...file, user_id: owner }, tx);
      if (!row)
        throw new ApiError('conflict', `文件 ${file.id} 已存在`, '该文件 ID 已被本网关上的文件使用,无法导入');
      // Moved into place unless identical bytes are stored already. Should the transaction roll
      // back, what remains is a blob nobody references, as after a failed upload.
      if (source) await this.blobs.place(source, file.hash);
    }
  }

  private async read(row: FileRow, range?: ByteRange): Promise<Readable> {
    const stream = await this.blobs.read(row.hash, range);
    if (!stream) throw this.missing(row);
    return stream;
  }

  private async readAll(row: FileRow): Promise<{ file: StoredFile; bytes: Buffer }> {
    return { file: toStoredFile(row), bytes: await readAllOf(await this.read(row)) };
  }

  private async ownedRow(owner: string, id: string): Promise<FileRow> {
    // Not a uuid: no such file (and no query the column type would reject).
    if (!UUID.test(id)) throw notFound();
    const row = await this.repo.findFile(owner, id);
    if (!row) throw notFound();
    return row;
  }

  private missing(row: FileRow): ApiError {
    this.log.warn({ fileId: row.id, hash: row.hash }, 'stored content missing');
    return new ApiError('file_missing', '文件实体不存在(可能已被清理)');
  }
}
