import { migrateBlobs } from '../../blobs/blob-migration';
import { FsBlobStore } from '../../blobs/fs-blob-store';
import { cliBlobStore } from '../blob-store';
import type { Command, ParsedInput } from '../command';
import { cliConfig } from '../config';
import { CliError, UsageError } from '../errors';
import { Progress } from '../progress';
import { withDatabase } from '../runtime';

const TARGETS = ['s3', 'fs'] as const;

export const blobsMigrate: Command = {
  name: 'blobs:migrate',
  summary: 'Copy stored file content between DATA_DIR/blobs and the S3 bucket, verifying each hash',
  description:
    '--to s3 copies every blob the database refers to from DATA_DIR/blobs into the bucket that the\n' +
    'S3_* settings name; --to fs copies them from that bucket back into DATA_DIR/blobs. Each blob is\n' +
    'hashed on the way and only placed when its SHA-256 matches; blobs the target already holds are\n' +
    'skipped, so an interrupted run is resumed by running it again. The gateway may keep running on\n' +
    'PostgreSQL: run it once, stop the gateways, run it again (only new uploads are copied), then\n' +
    'set (or unset) S3_BUCKET and start them. Thumbnails are made again on first use.',
  options: {
    to: { type: 'string', valueName: 's3|fs', description: 'Where the content goes: s3 or fs' },
  },
  async run(input) {
    const to = targetOf(input);
    const config = cliConfig();
    if (!config.s3) {
      throw new CliError(
        'S3_BUCKET is not set',
        'set S3_BUCKET (and the other S3_* settings) for the bucket',
      );
    }
    const bucket = await cliBlobStore(config);
    const files = new FsBlobStore(config.dataDir);
    const [from, target] = to === 's3' ? [files, bucket] : [bucket, files];
    const hashes = await withDatabase(config, async (database) =>
      (await database.db.selectFrom('file_blobs').select('hash').orderBy('hash').execute()).map(
        (r) => r.hash,
      ),
    );
    const progress = new Progress('blobs', hashes.length);
    const result = await migrateBlobs(hashes, from, target, () => progress.tick());
    progress.done();
    console.log(`copied stored files from ${from.location} to ${target.location}`);
    console.log(
      `  ${result.copied} copied, ${result.present} already there, ${result.missing.length} missing, ${result.damaged.length} damaged`,
    );
    for (const hash of result.missing) console.log(`  missing from the source: ${hash}`);
    for (const hash of result.damaged)
      console.log(`  damaged (content does not match its hash), not copied: ${hash}`);
    return result.damaged.length > 0 ? 1 : 0;
  },
};

function targetOf(input: ParsedInput): (typeof TARGETS)[number] {
  const to = input.values.to;
  const target = TARGETS.find((t) => t === to);
  if (!target) throw new UsageError(blobsMigrate.name, '--to must be s3 or fs');
  return target;
}
