import { createHash } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { MAX_UPLOAD_BYTES } from '@cyrene/contracts';
import type { AreaData } from '../db/archive';
import { ApiError } from '../http/api-error';
import {
  type ArchiveHeader,
  ArchiveHeaderSchema,
  BlobLineSchema,
  EndLineSchema,
  ItemLineSchema,
} from './format';

/** A checked archive: its records by area and kind, and its file content staged on disk. */
export interface ReadArchive {
  header: ArchiveHeader;
  areas: Record<string, AreaData>;
  /** Where the verified content of a hash was staged; undefined when the archive had none. */
  contentOf(hash: string): string | undefined;
  /** Removes staged content that was not moved into the blob store. */
  discard(): Promise<void>;
}

export interface ReadOptions {
  knownAreas: string[];
  knownMigrations: string[];
  stagingPath(): Promise<string>;
  progress?: (phase: string, done: number, total: number) => void;
}

const damaged = (why: string) =>
  new ApiError('validation_failed', `归档文件损坏或不完整: ${why}`, '请重新导出,或使用完整的归档文件');

/** The input's bytes, gunzipped when they are gzip (told by the first two bytes, not a name). */
async function* decompressed(input: Readable): AsyncGenerator<Buffer> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  const rest = Readable.from(
    (async function* () {
      yield head;
      for (let n = await chunks.next(); !n.done; n = await chunks.next()) yield Buffer.from(n.value);
    })(),
  );
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* rest;
    return;
  }
  const gunzip = createGunzip();
  pipeline(rest, gunzip, () => {});
  yield* gunzip;
}

/** Splits a byte stream into UTF-8 lines (without their newline). */
async function* linesOf(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of chunks) {
    pending += decoder.write(chunk);
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      yield pending.slice(start, nl);
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}

interface Staged {
  path: string;
  handle: FileHandle;
  digest: ReturnType<typeof createHash>;
  size: number;
}

/**
 * Reads an archive line by line: the header first (format, version, and a schema this gateway
 * knows), each record under its area and kind, each file's content into a staging file checked
 * against its SHA-256, and the end line whose counts must match. Records are checked against
 * their areas' schemas by the import itself.
 */
export async function readArchive(input: Readable, options: ReadOptions): Promise<ReadArchive> {
  const staged = new Map<string, string>();
  const discard = async () => {
    await Promise.all([...staged.values()].map((p) => unlink(p).catch(() => undefined)));
    staged.clear();
  };
  let current: { hash: string; file: Staged } | undefined;
  const finishBlob = async () => {
    if (!current) return;
    const { hash, file } = current;
    current = undefined;
    await file.handle.close();
    if (file.digest.digest('hex') !== hash) throw damaged(`文件内容与其哈希不符 (${hash})`);
  };
  try {
    const lines = linesOf(decompressed(input));
    let header: ArchiveHeader | undefined;
    const areas: Record<string, AreaData> = {};
    let items = 0;
    let total = 0;
    let ended = false;
    for await (const line of lines) {
      if (line === '') continue;
      if (ended) throw damaged('结束标记之后还有内容');
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw damaged(header ? `无法解析的行: ${line.slice(0, 60)}` : '不是 Cyrene 账户归档');
      }
      if (!header) {
        const parsed = ArchiveHeaderSchema.safeParse(value);
        if (!parsed.success) throw damaged('不是 Cyrene 账户归档 (或版本不受支持)');
        header = parsed.data;
        const unknownMigration = header.migrations.find((m) => !options.knownMigrations.includes(m));
        if (unknownMigration) {
          throw new ApiError(
            'validation_failed',
            `归档来自更新版本的网关 (${unknownMigration})`,
            '请先升级本网关',
          );
        }
        for (const [area, kinds] of Object.entries(header.counts)) {
          if (!options.knownAreas.includes(area))
            throw new ApiError('validation_failed', `归档中有本网关不认识的数据: ${area}`);
          areas[area] = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
          total += Object.values(kinds).reduce((a, b) => a + b, 0);
        }
        continue;
      }
      const item = ItemLineSchema.safeParse(value);
      if (item.success) {
        const list = areas[item.data.area]?.[item.data.kind];
        if (!list) throw damaged(`头部未声明的记录: ${item.data.area}.${item.data.kind}`);
        list.push(item.data.item);
        if (++items % 500 === 0) options.progress?.('records', items, total);
        continue;
      }
      const blob = BlobLineSchema.safeParse(value);
      if (blob.success) {
        if (current?.hash !== blob.data.blob) {
          await finishBlob();
          if (staged.has(blob.data.blob)) throw damaged(`文件内容重复出现 (${blob.data.blob})`);
          const path = await options.stagingPath();
          staged.set(blob.data.blob, path);
          current = {
            hash: blob.data.blob,
            file: { path, handle: await open(path, 'w'), digest: createHash('sha256'), size: 0 },
          };
          options.progress?.('file content', staged.size, header.blobs);
        }
        const bytes = Buffer.from(blob.data.data, 'base64');
        current.file.size += bytes.length;
        if (current.file.size > MAX_UPLOAD_BYTES) throw damaged(`文件内容超过 20MB (${blob.data.blob})`);
        current.file.digest.update(bytes);
        await current.file.handle.write(bytes);
        continue;
      }
      const end = EndLineSchema.safeParse(value);
      if (!end.success) throw damaged(`无法识别的行: ${line.slice(0, 60)}`);
      await finishBlob();
      if (end.data.end.items !== items || items !== total) throw damaged(`记录数不符 (${items}/${total})`);
      if (end.data.end.blobs !== staged.size || staged.size !== header.blobs) throw damaged('文件内容数不符');
      ended = true;
    }
    if (!header) throw damaged('文件为空');
    if (!ended) throw damaged('缺少结束标记 (下载或复制被中断?)');
    for (const [area, kinds] of Object.entries(header.counts)) {
      for (const [kind, count] of Object.entries(kinds)) {
        if ((areas[area]?.[kind]?.length ?? 0) !== count) throw damaged(`${area}.${kind} 记录数不符`);
      }
    }
    return { header, areas, contentOf: (hash) => staged.get(hash), discard };
  } catch (e) {
    if (current) await current.file.handle.close().catch(() => undefined);
    await discard();
    // Anything but our own verdict is the file itself failing to read (bad gzip, cut short).
    throw e instanceof ApiError ? e : damaged(e instanceof Error ? e.message : String(e));
  }
}
