import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { type BlobStore, removeFile } from './blob-store';

export interface BlobMigrationResult {
  /** Copied now, their hash verified. */
  copied: number;
  /** Already in the target (an earlier, interrupted run put them there): skipped. */
  present: number;
  /** Named but absent from the source (their files already answer file_missing). */
  missing: string[];
  /** Whose bytes in the source do not hash to their name: not copied. */
  damaged: string[];
}

type Outcome = 'copied' | 'present' | 'missing' | 'damaged';

/**
 * Copies blobs from one store to another, each streamed through a local temp file and hashed on
 * the way: only bytes whose SHA-256 is their name are placed. A blob the target already holds is
 * skipped, and a target only ever holds whole blobs (placing is atomic in both stores), so a run
 * cut short is resumed by running it again. Thumbnails are not copied: they are made again on
 * first use.
 */
export async function migrateBlobs(
  hashes: Iterable<string>,
  from: BlobStore,
  to: BlobStore,
  onBlob: (hash: string, outcome: Outcome) => void = () => {},
): Promise<BlobMigrationResult> {
  const result: BlobMigrationResult = { copied: 0, present: 0, missing: [], damaged: [] };
  for (const hash of hashes) {
    const outcome = await copyBlob(hash, from, to);
    if (outcome === 'copied' || outcome === 'present') result[outcome]++;
    else result[outcome].push(hash);
    onBlob(hash, outcome);
  }
  return result;
}

async function copyBlob(hash: string, from: BlobStore, to: BlobStore): Promise<Outcome> {
  if (await to.exists(hash)) return 'present';
  const source = await from.read(hash);
  if (!source) return 'missing';
  const temp = await to.tempPath();
  try {
    const digest = createHash('sha256');
    source.on('data', (chunk: Buffer) => digest.update(chunk));
    await pipeline(source, createWriteStream(temp, { flags: 'wx' }));
    if (digest.digest('hex') !== hash) return 'damaged';
    await to.place(temp, hash);
    return 'copied';
  } finally {
    await removeFile(temp);
  }
}
